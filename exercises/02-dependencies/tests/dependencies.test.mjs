// Hidden checks for exercise 02, dependencies. (This file runs from
// <root>/hidden/tests/, so the harness is ../_harness/.)
//
// Behaviour first. Three checks start the learner's app as a real process with a
// PATH that holds nothing but the `node` binary, as in a slim container image,
// and use every feature that the starter built on system tools: saving a link
// (which first checks that the target answers: a target server started here),
// redirecting, refusing a target where nothing answers. The spawn observer
// (programs.mjs) records every program the app starts, even by absolute path
// (/usr/bin/curl) or through a shell (/bin/sh -c "…"), which the PATH alone
// would not catch. The source is read only to name the lines that start programs.
//
// Two checks read package.json, the manifest, because no behaviour shows what a
// manifest declares: `engines.node`, and exact versions for every declared
// package and every package the code imports.
//
// All five are independent (each app gets its own PORT and its own target), so
// they run at the same time.
import { createServer } from 'node:http';
import { isBuiltin } from 'node:module';
import {
  concurrently,
  crashSummary,
  describeExit,
  describeLaunch,
  ensure,
  excerpt,
  expectListening,
  fail,
  freePort,
  HarnessError,
  isNodeItself,
  nodeOnlyPath,
  readLearnerFile,
  recordLaunches,
  request,
  scanFiles,
  show,
  startApp,
  stripComments,
  test,
  walkFiles,
} from '../_harness/index.mjs';

const READY_MS = 5000;
const REQUEST_MS = 6000;
/** Per behaviour check: an app start and a few requests, with room for a busy machine. */
const BEHAVIOUR_MS = 20_000;
const NODE_ONLY = 'a PATH that holds nothing but the node binary (as in a slim container image)';

// ---------------------------------------------------------------- the app

/** Starts Shortlinks with nothing but node on PATH, recording the programs it launches. */
async function startShortlinks(t) {
  const port = await freePort();
  const launches = recordLaunches();
  const app = await startApp(t, {
    command: ['node', ...launches.nodeArgs, 'server.js'],
    env: { PORT: String(port), PATH: nodeOnlyPath(), ...launches.env },
    label: 'node server.js',
  });
  await expectListening(app, port, {
    timeoutMs: READY_MS,
    expected: `Shortlinks starts with ${NODE_ONLY} and listens on PORT within ${READY_MS / 1000} s.`,
    hint: 'the error in Observed. A package the app imports must be in its own folder and declared in package.json: the checks install nothing, and nothing outside the app\'s folder counts.',
  });
  return { app, port, launches };
}

/**
 * A web server for links to point at. It counts connections, not requests, so an
 * app that checks the target another way (a HEAD, a GET, a bare TCP connect) is seen.
 */
async function startTarget(t) {
  let connections = 0;
  const server = createServer((req, res) => {
    req.resume();
    res.writeHead(200, { 'content-type': 'text/plain' }).end('a page worth a short link\n');
  });
  server.on('connection', () => connections++);
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
  t.after(() => new Promise((resolve) => { server.closeAllConnections?.(); server.close(() => resolve(undefined)); }));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { url: `http://127.0.0.1:${port}`, connections: () => connections };
}

/** POST /links with {url}, failing the check with a plain message when the app does not answer. */
async function createLink(ctx, url) {
  const body = JSON.stringify({ url });
  try {
    return await request({ port: ctx.port, path: '/links', method: 'POST', headers: { 'content-type': 'application/json' }, body, timeoutMs: REQUEST_MS });
  } catch (err) {
    return fail({
      observed: `POST /links ${body} got no answer: ${String(err.message).replace(/\.$/, '')}.${whatWentWrong(ctx)}`,
      expected: `Shortlinks answers every request, with ${NODE_ONLY}.`,
      hint: culprits() || 'links.js, createLink() and the functions it calls.',
    });
  }
}

/** Programs the app launched that are not Node itself, as readable command lines. */
function foreignLaunches(launches) {
  return [...new Set(launches.list().filter((l) => !isNodeItself(l)).map((l) => describeLaunch(l)))];
}

/** What the app did that explains a failure: crashed, or started programs that are not there. */
function whatWentWrong({ app, launches }) {
  const parts = [];
  const foreign = foreignLaunches(launches);
  if (foreign.length) {
    const list = foreign.slice(0, 3).map((c) => `\`${c}\``).join(', ');
    parts.push(`Meanwhile your app tried to start ${list}: ${foreign.length === 1 ? 'a program' : 'programs'} that PATH does not hold here (it holds node alone, as in a slim container image).`);
  }
  if (!app.running) {
    const crash = crashSummary(app.stderr());
    parts.push(`Your app stopped (${describeExit(app.exitStatus)})${crash ? `: ${crash}` : ''}.`);
  }
  return parts.length ? ` ${parts.join(' ')}` : '';
}

/** The lines that start programs (the static part: it only names the culprit). */
function culprits() {
  // exec( and spawn( only as plain calls, or as methods called with a literal command (not regex.exec(text)).
  const found = scanFiles(/\bchild_process\b|(?<![\w$])(?:execSync|execFile|execFileSync|spawnSync|fork)\s*\(|(?<![\w$.])(?:exec|spawn)\s*\(|\.\s*(?:exec|spawn)\s*\(\s*['"`]/);
  if (!found.length) return '';
  const lines = found.slice(0, 6).map((f) => `${f.file}:${f.line}  ${f.text}`);
  return `these lines start other programs:\n${lines.join('\n')}${found.length > 6 ? '\n…' : ''}\nNode's built-ins do the same work in-process: fetch() for HTTP, node:crypto for random values.`;
}

const CODE = /^[A-Za-z0-9_-]{1,64}$/;

/** A response body for a message: as sent, on one line, cut short. */
function bodyOf(res) {
  const text = String(res.body ?? '').replace(/\s+/g, ' ').trim();
  return text ? (text.length > 200 ? `${text.slice(0, 199)}…` : text) : '(empty body)';
}

// ------------------------------------------------------------- package.json

/** The learner's package.json, parsed; fails the check when it is missing or not JSON. */
function manifest() {
  const text = readLearnerFile('package.json');
  if (text === null) {
    fail({
      observed: 'There is no package.json in your folder.',
      expected: 'package.json, the manifest, declares what the app needs: the Node.js versions and every package, exactly.',
      hint: 'restore package.json from the starter and edit it.',
    });
  }
  try {
    const json = JSON.parse(text);
    if (json && typeof json === 'object' && !Array.isArray(json)) return json;
  } catch {
    // Reported below.
  }
  return fail({
    observed: `package.json is not a JSON object:\n${excerpt(text)}`,
    expected: 'package.json is valid JSON (no comments, no trailing commas).',
    hint: 'package.json: check the commas and quotes.',
  });
}

/** Exact: one version, e.g. "3.1.0" (npm also reads "=3.1.0" and "v3.1.0" as exact). */
const EXACT = /^[=v]?\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/;

/** Why a version specifier is not exact, in the learner's terms. */
function whyNotExact(spec) {
  if (typeof spec !== 'string') return `${show(spec)} is not a version string`;
  const s = spec.trim();
  if (s === '' || s === '*' || /^x$/i.test(s)) return `${show(spec)} accepts any version at all`;
  if (/^[a-z][\w.-]*$/i.test(s) && !/^v\d/.test(s)) return `${show(spec)} is a tag: it names whatever version is published under it on the day of the install`;
  if (/^[a-z+]+:|\/|#/i.test(s)) return `${show(spec)} is a URL, path or git reference, not a version from the registry`;
  if (/^[\^~]/.test(s)) return `${show(spec)} is a range: ${s[0]} lets npm install a newer version than the one you tested`;
  return `${show(spec)} is a range, not one version`;
}

/** Parses a simple npm range into alternatives of comparators; null when the form is not recognised. */
function parseRange(range) {
  const alternatives = [];
  for (const part of range.split('||')) {
    const comparators = [];
    const hyphen = /^\s*(\S+)\s+-\s+(\S+)\s*$/.exec(part); // "20 - 24" means ">=20 <=24"
    const text = hyphen ? `>=${hyphen[1]} <=${hyphen[2]}` : part;
    const tokens = text.trim().replace(/(>=|<=|>|<|=)\s+/g, '$1').split(/\s+/).filter(Boolean);
    if (!tokens.length) return null;
    for (const token of tokens) {
      const m = /^(>=|<=|>|<|=|\^|~)?v?(\d+)(?:\.(\d+|x|\*))?(?:\.(\d+|x|\*))?$/i.exec(token);
      if (!m) return null;
      const [, op = '', major, minor, patch] = m;
      const num = (v) => (v === undefined || /^[x*]$/i.test(v) ? null : Number(v));
      comparators.push({ op, v: [Number(major), num(minor), num(patch)] });
    }
    alternatives.push(comparators);
  }
  return alternatives;
}

const cmp = (a, b) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2];

/** Whether version [major, minor, patch] satisfies one comparator. */
function satisfies(version, { op, v }) {
  const low = [v[0], v[1] ?? 0, v[2] ?? 0];
  const partial = v[1] === null ? 0 : v[2] === null ? 1 : 2; // how many parts are wildcards
  // The first version above a partial: 20 → 21.0.0, 20.5 → 20.6.0.
  const nextUp = partial === 0 ? [v[0] + 1, 0, 0] : partial === 1 ? [v[0], (v[1] ?? 0) + 1, 0] : [v[0], v[1] ?? 0, (v[2] ?? 0) + 1];
  switch (op) {
    case '>=': return cmp(version, low) >= 0;
    case '>': return cmp(version, partial === 2 ? low : nextUp) >= (partial === 2 ? 1 : 0);
    case '<': return cmp(version, low) < 0;
    case '<=': return partial === 2 ? cmp(version, low) <= 0 : cmp(version, nextUp) < 0;
    case '^': {
      const top = v[0] > 0 ? [v[0] + 1, 0, 0] : v[1] !== null && v[1] > 0 ? [0, v[1] + 1, 0] : nextUp;
      return cmp(version, low) >= 0 && cmp(version, top) < 0;
    }
    case '~': {
      const top = v[1] === null ? [v[0] + 1, 0, 0] : [v[0], v[1] + 1, 0];
      return cmp(version, low) >= 0 && cmp(version, top) < 0;
    }
    default: return cmp(version, low) >= 0 && (partial === 2 ? cmp(version, low) === 0 : cmp(version, nextUp) < 0);
  }
}

/** Whether a comparator sets a lower bound (everything but < and <=). */
const hasLowerBound = (comparators) => comparators.some((c) => !['<', '<='].includes(c.op));

// ------------------------------------------------------------------ imports

const SOURCE = ['.js', '.mjs', '.cjs'];

/** Every module specifier in a source text (comments stripped): static and dynamic imports, re-exports, require(). */
function specifiers(source) {
  const text = stripComments(source);
  const found = [];
  const patterns = [
    /(?:^|[^.\w$])import\s*(?:[\w$*{}\s,]*?\s*from\s*)?(['"])([^'"\n]+)\1/g,
    /(?:^|[^.\w$])export\s*(?:\*|\*\s*as\s+[\w$]+|\{[^}]*\})\s*from\s*(['"])([^'"\n]+)\1/g,
    /(?:^|[^.\w$])(?:import|require)\s*\(\s*(['"`])([^'"`\n]+)\1\s*\)/g,
  ];
  for (const pattern of patterns) for (const m of text.matchAll(pattern)) found.push(m[2]);
  return found;
}

/** The package a bare specifier names ('lodash/fp' → 'lodash', '@scope/pkg/x' → '@scope/pkg'); null for files, URLs and built-ins. */
function packageOf(specifier) {
  if (/^(\.|\/|#|[a-z][a-z0-9+.-]*:)/i.test(specifier)) return null; // relative, absolute, package "imports", node:, file:, data:
  if (isBuiltin(specifier)) return null;
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

// ------------------------------------------------------------------ scripts

/** Programs a script may always run: Node.js and npm, and shell built-ins that are no program at all. */
const ALWAYS = new Set(['node', 'npm', 'cd', 'echo', 'exit', 'true', 'false', 'test', '[', 'export', 'set', 'printf', ':']);
/** Runners whose first argument is the program that really runs. */
const RUNNERS = new Set(['npx', 'exec', 'env']);

/**
 * The programs an npm script starts, worked out roughly: each command of a chain
 * (&&, ||, ;, |), after VAR=value assignments; `npx x`, `exec x` and `env x` run x.
 * Paths inside the app (./bin/tool) are the app's own and not listed.
 * @param {string} command
 */
function programsOf(command) {
  const programs = [];
  for (const part of command.split(/&&|\|\||[;|\n]/)) {
    const words = part.trim().split(/\s+/).filter(Boolean);
    while (words.length) {
      const word = words[0] ?? '';
      if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(word) || word.startsWith('-')) words.shift();
      else if (RUNNERS.has(word)) words.shift();
      else break;
    }
    const program = (words[0] ?? '').replace(/^['"]|['"]$/g, '');
    if (!program || ALWAYS.has(program) || program.startsWith('./') || program.startsWith('$')) continue;
    programs.push(program);
  }
  return programs;
}

// ------------------------------------------------------------------- checks

concurrently(() => {
  test('creates and follows short links with nothing but node on PATH', { timeoutMs: BEHAVIOUR_MS }, async (t) => {
    const target = await startTarget(t);
    const ctx = await startShortlinks(t);
    const url = `${target.url}/docs/a/long/path`;
    const first = await createLink(ctx, url);
    if (first.status !== 201) {
      fail({
        observed: `POST /links {"url":"${url}"} answered ${first.status} ${bodyOf(first)}, although a web server answers at that address.${whatWentWrong(ctx)}`,
        expected: `with ${NODE_ONLY}, Shortlinks still checks that the target answers and saves the link: 201 with {"code": …}. A twelve-factor app does not rely on system tools being installed.`,
        hint: culprits() || 'links.js: how the app checks the target and makes a code.',
      });
    }
    const code = first.json()?.code;
    ensure(typeof code === 'string' && CODE.test(code), {
      observed: `POST /links answered 201 with ${bodyOf(first)}: no usable "code" (letters, digits, - and _ only).${whatWentWrong(ctx)}`,
      expected: 'the answer carries the new short code, e.g. {"code":"3fa90c","url":"…"}.',
      hint: culprits() || 'links.js, randomCode(): node:crypto makes random values without any other program.',
    });
    ensure(target.connections() > 0, {
      observed: `Your app saved a link to ${url} without ever contacting that address.`,
      expected: 'Shortlinks keeps its feature: before saving a link it checks that something answers at the target (the starter did it with curl; fetch() does it in-process).',
      hint: 'links.js, answers(): replace the tool, keep the check.',
    });

    const second = await createLink(ctx, `${target.url}/another/page`);
    const other = second.json()?.code;
    ensure(second.status === 201 && typeof other === 'string' && other !== code, {
      observed: `A second link answered ${second.status} ${bodyOf(second)}; the first got the code ${show(code)}.${whatWentWrong(ctx)}`,
      expected: 'each new link gets its own random code.',
      hint: culprits() || 'links.js, randomCode().',
    });

    const follow = await request({ port: ctx.port, path: `/${code}`, timeoutMs: REQUEST_MS }).catch((err) => ({ status: 0, headers: {}, body: err.message }));
    ensure(follow.status === 302 && follow.headers.location === url, {
      observed: `GET /${code} answered ${follow.status || 'nothing'}${follow.headers.location ? ` with Location ${follow.headers.location}` : ''} ${bodyOf(follow)}.${whatWentWrong(ctx)}`,
      expected: `a redirect to the saved URL: 302 with Location ${url}.`,
      hint: 'links.js, handleRequest(): the redirect for a known code.',
    });
  });

  test('refuses a link where nothing answers, with nothing but node on PATH', { timeoutMs: BEHAVIOUR_MS }, async (t) => {
    const ctx = await startShortlinks(t);
    const nobody = await freePort();
    const url = `http://127.0.0.1:${nobody}/nothing/here`;
    const res = await createLink(ctx, url);
    ensure(res.status >= 400 && res.status < 500, () => ({
      observed: `POST /links {"url":"${url}"}, an address where nothing listens, answered ${res.status} ${bodyOf(res)}.${whatWentWrong(ctx)}`,
      expected: 'a 4xx answer (the starter sends 422) that says nothing answers there: the link is not saved, and the app keeps running.',
      hint: res.status >= 200 && res.status < 300
        ? 'links.js, answers(): it must still find out whether the target answers (fetch() rejects when nobody does).'
        : culprits() || 'links.js, answers(): a failed check is a refusal, not a crash.',
    }));
  });

  test('starts no program but Node itself: no curl, no openssl, no shell', { timeoutMs: BEHAVIOUR_MS }, async (t) => {
    const target = await startTarget(t);
    const ctx = await startShortlinks(t);
    // Every feature once; whether they work is the other checks' business, here only what they start counts.
    const post = (url) => request({ port: ctx.port, path: '/links', method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ url }), timeoutMs: REQUEST_MS }).catch(() => null);
    await post(`${target.url}/some/page`);
    if (ctx.app.running) await post(`http://127.0.0.1:${await freePort()}/nobody`);
    if (ctx.app.running) await request({ port: ctx.port, path: '/12f', timeoutMs: REQUEST_MS }).catch(() => null);
    await new Promise((r) => setTimeout(r, 50));
    if (!ctx.launches.loaded()) throw new HarnessError('The program recorder did not load in the app: this check cannot see what it starts.');
    const foreign = foreignLaunches(ctx.launches);
    const shells = ctx.launches.list().filter((l) => l.shell);
    ensure(!foreign.length, () => ({
      observed: `While saving links and redirecting, your app started ${foreign.length === 1 ? 'this program' : 'these programs'}:\n${foreign.slice(0, 5).map((c) => `  ${c}`).join('\n')}${shells.length ? '\nA shell (/bin/sh) is a system tool too, even when the command it runs is node.' : ''}`,
      expected: 'the app relies on nothing the machine happens to have installed. Every tool it needs is declared and comes with the app; Node\'s built-ins replace curl (fetch) and openssl (node:crypto), so Shortlinks starts no other program.',
      hint: culprits() || 'look for child_process in your files.',
    }));
  });

  test('package.json declares the Node.js versions the app runs on (engines.node)', () => {
    const pkg = manifest();
    const range = pkg.engines?.node;
    const expected = 'package.json has "engines": {"node": "<range>"}, e.g. ">=20": the one thing the app needs from the machine is Node itself, so the manifest says which versions.';
    ensure(typeof range === 'string' && range.trim() !== '', {
      observed: pkg.engines === undefined ? 'package.json has no "engines" field.' : `package.json's "engines" is ${show(pkg.engines)}, with no "node" version range.`,
      expected,
      hint: 'package.json: add an "engines" object next to "scripts".',
    });
    ensure(!/^([*x]|latest|any)$/i.test(range.trim()), {
      observed: `engines.node is ${show(range)}: it admits any version of Node, so it declares nothing.`,
      expected: `${expected} Give a lowest version.`,
      hint: 'package.json, engines.node: start the range with >= and the oldest Node you support.',
    });
    const alternatives = parseRange(range.trim());
    if (!alternatives) {
      fail({
        observed: `engines.node is ${show(range)}, which these checks cannot read as a version range.`,
        expected: `${expected} Use a plain form: ">=20", "^22.12.0", "20 || 22 || >=24", ">=20 <27", "20 - 24".`,
        hint: 'package.json, engines.node.',
      });
    }
    ensure(alternatives.every(hasLowerBound), {
      observed: `engines.node is ${show(range)}: it has no lowest version, so it admits any old Node.`,
      expected: `${expected} Give a lowest version.`,
      hint: 'package.json, engines.node: start the range with >= and the oldest Node you support.',
    });
    const running = process.versions.node.split('.').map(Number);
    const ok = alternatives.some((alt) => alt.every((c) => satisfies(running, c)));
    ensure(ok, {
      observed: `engines.node is ${show(range)}, but your app runs (and is checked) on Node ${process.versions.node}, which that range excludes.`,
      expected: `${expected} The range includes the versions the app really runs on.`,
      hint: 'package.json, engines.node: Shortlinks needs nothing newer than Node 20 (fetch, node:crypto, AbortSignal.timeout).',
    });
  });

  test('package.json declares every package the code imports and the scripts run, each at one exact version', () => {
    const pkg = manifest();
    const loose = [];
    for (const field of ['dependencies', 'devDependencies', 'optionalDependencies']) {
      const deps = pkg[field];
      if (deps === undefined) continue;
      if (!deps || typeof deps !== 'object' || Array.isArray(deps)) {
        loose.push(`"${field}" is ${show(deps)}, not an object of package names and versions`);
        continue;
      }
      for (const [name, spec] of Object.entries(deps)) {
        if (typeof spec !== 'string' || !EXACT.test(spec.trim())) loose.push(`${field}.${name}: ${whyNotExact(spec)}`);
      }
    }
    ensure(!loose.length, {
      observed: `package.json does not pin ${loose.length === 1 ? 'this dependency' : 'these dependencies'} to one version:\n${loose.map((l) => `  ${l}`).join('\n')}`,
      expected: 'every dependency is declared exactly, e.g. "nodemon": "3.1.0", so every install, on a laptop or in production, gets the same code. Development tools count too: the same specification applies to development and production.',
      hint: 'package.json: write the exact version you tested (no ^, ~, *, x, tags or URLs), or remove a dependency the app does not need.',
    });

    const declared = new Set(Object.keys(pkg.dependencies ?? {}));
    const devOnly = new Set([...Object.keys(pkg.devDependencies ?? {}), ...Object.keys(pkg.optionalDependencies ?? {})]);
    const missing = [];
    for (const file of walkFiles().filter((f) => SOURCE.some((ext) => f.endsWith(ext)))) {
      for (const specifier of specifiers(readLearnerFile(file) ?? '')) {
        const name = packageOf(specifier);
        if (!name || name === pkg.name || declared.has(name)) continue;
        missing.push(`${file} imports ${show(specifier)}, and package.json ${devOnly.has(name) ? `declares "${name}" only outside "dependencies" (not installed in production)` : `does not declare "${name}"`}`);
      }
    }
    ensure(!missing.length, {
      observed: [...new Set(missing)].join('\n'),
      expected: 'every package the code imports is declared in "dependencies" with an exact version. An import that works only because the package happens to be installed on your machine, globally or in a parent folder, breaks on the next one. Node\'s built-ins (node:crypto, node:http, fetch) need no declaration.',
      hint: 'the import named above: use a Node built-in instead, or declare the package in "dependencies" with its exact version.',
    });

    const undeclared = [];
    const known = new Set([...declared, ...devOnly]);
    for (const [script, command] of Object.entries(pkg.scripts ?? {})) {
      for (const program of programsOf(String(command))) {
        if (!known.has(program)) undeclared.push(`scripts.${script} (${show(command)}) runs ${show(program)}, which package.json does not declare`);
      }
    }
    ensure(!undeclared.length, {
      observed: undeclared.join('\n'),
      expected: 'every tool a script runs comes with the app: Node.js and npm themselves, or a package declared with an exact version (npm puts its command on PATH for scripts). A tool installed globally, with npm install -g or by the system, is there on your machine and missing on the next one.',
      hint: 'package.json, "scripts": declare the tool in "devDependencies" with its exact version, or do without it (node --watch server.js restarts on changes).',
    });
  });
});
