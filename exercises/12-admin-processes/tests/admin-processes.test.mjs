// Hidden checks for exercise 12, admin processes. Behaviour only: each check runs
// the learner's admin command (the "migrate" script of package.json, started the
// way `npm run migrate` would start it, without npm) and the web process
// (`node server.js`) as real processes, with the same environment and a key-value
// store of its own (a stub started here), and looks at what the store holds
// afterwards, what the web process answers, how the command ended and whether it
// bound a port. (This file runs from <root>/hidden/tests/, so the harness is ../_harness/.)
//
// The data is made up per check (random codes and host names), so no value can be
// special-cased. Each check has its own store, its own PORT and its own processes,
// so the five checks run side by side, three at a time: a command that binds a port fails the check
// it runs in whether or not another process holds that port (binding any port is
// the failure; EADDRINUSE makes it exit non-zero, which fails too).
import {
  concurrently,
  crashSummary,
  describeExit,
  ensure,
  excerpt,
  expectListening,
  fail,
  freePort,
  parseCommand,
  readLearnerFile,
  request,
  show,
  startApp,
  startKeyValueStub,
  test,
} from '../_harness/index.mjs';

const WEB = ['node', 'server.js'];
/** How long the admin command may run, from spawn to exit (Node's boot on a busy machine included). */
const EXIT_MS = 10_000;
/** Once the command listens on a port, how long it gets to exit anyway before the check gives up on it. */
const LISTEN_GRACE_MS = 1000;
const CHECK_MS = 40_000;
/** Paths tried on the web process, with POST and GET, to see that no route runs the migration. */
const ADMIN_PATHS = ['/admin/migrate', '/admin/migrations', '/admin/migrate-hosts', '/admin/backfill', '/admin/reindex', '/admin', '/migrate', '/migrations', '/backfill', '/reindex'];

const SCRIPT_HINT = 'package.json, "scripts": "migrate": "node <your script>.js", and that script.';
const MODULES_HINT =
  'Build the command from the app\'s own modules, as server.js does: storeConfig() from config.js, connectStore() from store.js, and links.js (allCodes(), findLink(), fileUnderHost()), which says how links are stored and filed.';

const sleep = (/** @type {number} */ ms) => new Promise((r) => setTimeout(r, ms));
const tag = () => Math.random().toString(36).slice(2, 8).padEnd(6, '0');

/**
 * @typedef {{ code: string, url: string, host: string, filed?: boolean }} Link
 * @typedef {Awaited<ReturnType<typeof startKeyValueStub>>} Store
 */

/**
 * Links as 0.11 left them (not filed under their hosts), over three hosts; one link
 * per host spelled so that only links.js's hostOf() files it right (www., upper case,
 * a port), and one link already filed, as the 0.12 web process files new links.
 * @returns {Link[]}
 */
function makeLinks() {
  const t = tag();
  const [a, b, c] = ['a', 'b', 'c'].map((letter) => `${letter}${t}.example`);
  return [
    { code: `${t}-1`, url: `https://${a}/pricing`, host: /** @type {string} */ (a) },
    { code: `${t}-2`, url: `https://WWW.${a?.toUpperCase()}/docs?page=2`, host: /** @type {string} */ (a) },
    { code: `${t}-3`, url: `http://${b}:8080/status`, host: /** @type {string} */ (b) },
    { code: `${t}-4`, url: `https://${b}/`, host: /** @type {string} */ (b) },
    { code: `${t}-5`, url: `https://${c}/a/b`, host: /** @type {string} */ (c) },
    { code: `${t}-6`, url: `https://www.${c}/c`, host: /** @type {string} */ (c), filed: true },
  ];
}

/** The store's keys for `links`, each key written with `prefix` in front (as STORE_KEY_PREFIX does). @param {Link[]} links @param {string} prefix */
function storeData(links, prefix = '') {
  /** @type {Record<string, string>} */
  const data = {};
  for (const link of links) data[`${prefix}link:${link.code}`] = JSON.stringify({ url: link.url, createdAt: '2025-11-02T09:00:00.000Z' });
  for (const link of links.filter((l) => l.filed)) data[`${prefix}host:${link.host}`] = JSON.stringify([link.code]);
  return data;
}

/** Host → the codes that must be filed under it. @param {Link[]} links */
function expectedIndex(links) {
  /** @type {Map<string, string[]>} */
  const index = new Map();
  for (const link of links) index.set(link.host, [...(index.get(link.host) ?? []), link.code]);
  return index;
}

/** @param {string[]} codes */
function duplicates(codes) {
  return [...new Set(codes.filter((c, i) => codes.indexOf(c) !== i))];
}

/**
 * What is wrong with the host index in `data` (keys with `prefix`), as sentences; empty when right.
 * @param {Map<string, string>} data @param {string} prefix @param {Link[]} links
 */
function indexProblems(data, prefix, links) {
  /** @type {string[]} */
  const problems = [];
  for (const [host, codes] of expectedIndex(links)) {
    const key = `${prefix}host:${host}`;
    const text = data.get(key);
    if (text === undefined) {
      problems.push(`${key} does not exist (it should list ${codes.join(', ')})`);
      continue;
    }
    let value;
    try {
      value = JSON.parse(text);
    } catch {
      value = undefined;
    }
    if (!Array.isArray(value) || value.some((c) => typeof c !== 'string')) {
      problems.push(`${key} holds ${show(text, 120)}, not a JSON array of codes (links.js reads it as one)`);
      continue;
    }
    const missing = codes.filter((c) => !value.includes(c));
    const extra = [...new Set(value.filter((c) => !codes.includes(c)))];
    const twice = duplicates(value);
    if (missing.length) problems.push(`${key} lacks ${missing.join(', ')} (it holds ${show(value)})`);
    if (twice.length) problems.push(`${key} lists ${twice.join(', ')} more than once (${show(value)})`);
    if (extra.length) problems.push(`${key} lists ${extra.join(', ')}, which are not links to ${host}`);
  }
  return problems;
}

/** The writes (PUT/DELETE) a store received from request number `from` on, as "PUT key = value". @param {Store} store @param {number} [from] */
function writesOf(store, from = 0) {
  return store.requests
    .slice(from)
    .filter((r) => r.method === 'PUT' || r.method === 'DELETE')
    .map((r) => {
      const key = decodeURIComponent((r.path.split('?')[0] ?? '').replace(/^\/keys\//, ''));
      return r.method === 'PUT' ? `PUT ${key} = ${show(r.body, 80)}` : `DELETE ${key}`;
    });
}

/** @param {string[]} writes */
function listWrites(writes) {
  if (!writes.length) return 'It wrote nothing to the store.';
  const shown = writes.slice(0, 8).map((w) => `  ${w}`);
  if (writes.length > 8) shown.push(`  … and ${writes.length - 8} more`);
  return `It wrote, in order:\n${shown.join('\n')}`;
}

/**
 * Fails with an explanation of a wrong host index: entries filed twice (not idempotent)
 * or filed under the wrong key (a copy of the app's logic). No-op when `problems` is empty.
 * @param {string[]} problems @param {Link[]} links @param {Store} store @param {string} script @param {string} prefix
 */
function indexVerdict(problems, links, store, script, prefix) {
  if (!problems.length) return;
  const twice = problems.some((p) => p.includes('more than once'));
  const filed = links.filter((l) => l.filed).map((l) => l.code);
  fail({
    observed:
      `\`npm run migrate\` (${script}) exited with code 0, but the host index is not what the app reads: ${problems.join('; ')}.\n` +
      `The links were: ${links.map((l) => `${l.code} → ${l.url}${l.filed ? ` (already filed under ${prefix}host:${l.host})` : ''}`).join(', ')}.\n${listWrites(writesOf(store))}`,
    expected: twice
      ? `each link filed once under its host. ${filed.join(', ')} was filed already (the 0.12 web process files the links it creates): a migration that files everything again is not safe to run on data it has partly done, or to run twice.`
      : 'every link filed under hostOf(url) as links.js defines it (lower case, no "www.", no port), in the key links.js reads, each code once. A copy of the app\'s logic drifts from it; admin code that ships with the app uses the app\'s own code.',
    hint: twice
      ? "Before adding a code to a host's list, look whether it is there already: links.js's fileUnderHost() does exactly that. The endpoint's loop (codes.push(code)) files every link again."
      : MODULES_HINT,
  });
}

/** @param {import('../_harness/index.mjs').App} app */
function lastWords(app) {
  return excerpt(app.output(), 8) || '(no output)';
}

/**
 * The learner's admin command: scripts.migrate in package.json, split into a
 * program and its arguments as npm's shell would for a simple command.
 * @param {Record<string, string>} env  the variables it will get (for $NAME in the script)
 */
function migrateCommand(env) {
  const text = readLearnerFile('package.json');
  if (text === null) {
    return fail({ observed: 'There is no package.json.', expected: 'package.json declares the app, with a "migrate" script.', hint: 'package.json (restore it).' });
  }
  /** @type {any} */
  let pkg;
  try {
    pkg = JSON.parse(text);
  } catch (err) {
    return fail({ observed: `package.json is not valid JSON: ${err.message}`, expected: 'a package.json that npm can read.', hint: 'package.json.' });
  }
  const script = pkg?.scripts?.migrate;
  if (typeof script !== 'string' || !script.trim()) {
    return fail({
      observed: `package.json has no "migrate" script (its scripts: ${Object.keys(pkg?.scripts ?? {}).join(', ') || 'none'}). The migration runs as POST /admin/migrate inside the web process, or by hand with tools/backfill-hosts.js.`,
      expected:
        'the migration is a one-off command that ships with the app and is started like its other processes: `npm run migrate`, run in the same release with the same environment as `node server.js`.',
      hint: SCRIPT_HINT,
    });
  }
  const parsed = parseCommand(script, env);
  if ('error' in parsed) {
    return fail({
      observed: `The "migrate" script is ${show(script)}: ${parsed.error.replace(/a Procfile command here/g, 'the migrate script here')}.`,
      expected: 'one program and its arguments, e.g. "node scripts/migrate.js": the checks start it as `npm run migrate` would, without a shell.',
      hint: SCRIPT_HINT,
    });
  }
  if (parsed.argv[0] !== 'node') {
    return fail({
      observed: `The "migrate" script is ${show(script)}: it starts ${show(parsed.argv[0])}, not node.`,
      expected: 'a node command, e.g. "node scripts/migrate.js" or "node server.js migrate": the admin process runs with the same Node and the same installed packages as the web process.',
      hint: SCRIPT_HINT,
    });
  }
  return { script, argv: parsed.argv, assignments: parsed.assignments };
}

/**
 * Runs `npm run migrate` (its command) with `env` and waits for it to end: at most
 * EXIT_MS, or LISTEN_GRACE_MS after it starts listening on a port.
 * @param {import('node:test').TestContext} t @param {Record<string, string>} env @param {string} [label]
 */
async function runMigrate(t, env, label = 'npm run migrate') {
  const command = migrateCommand(env);
  const app = await startApp(t, { command: command.argv, env: { ...env, ...command.assignments }, label: `${label} (${command.script})` });
  const started = Date.now();
  /** @type {import('../_harness/process.mjs').ExitStatus | null} */
  let status;
  while (!(status = await app.waitForExit(100))) {
    const firstListen = app.listening()[0];
    if (Date.now() - started > EXIT_MS) break;
    if (firstListen && Date.now() - firstListen.t > LISTEN_GRACE_MS) break;
  }
  return { app, status, script: command.script };
}

/**
 * Fails unless the command exited by itself with code 0 and bound no port.
 * @param {Awaited<ReturnType<typeof runMigrate>>} run @param {string} what e.g. "Run with the web process's environment,"
 */
function judgeRun(run, what) {
  const { app, status, script } = run;
  const bound = app.listening().map((e) => (e.port !== undefined ? `port ${e.port}` : `socket ${e.pipe}`));
  const tried = app.listenEvents().filter((e) => e.event === 'listen-called');
  const ending = status ? `then it ${describeExit(status)}` : 'it was still running when the check gave up on it';
  if (bound.length || tried.length) {
    fail({
      observed: `${what} \`npm run migrate\` (${script}) ${bound.length ? `listened on ${bound.join(', ')}` : 'called listen()'}; ${ending}.\nIts output:\n${lastWords(app)}`,
      expected:
        'an admin process does its one task and exits. It serves no traffic, so it starts no server: the web process is another process of the same release, started on its own.',
      hint: 'Your migrate command must not start the web server: do not import server.js (or take its path) from it; import config.js, store.js and links.js directly.',
    });
  }
  if (!status) {
    fail({
      observed: `${what} \`npm run migrate\` (${script}) was still running ${EXIT_MS / 1000} s after it started.\nIts output:\n${lastWords(app)}`,
      expected:
        'the command exits by itself once its work is done, so that whoever ran it (you in a terminal, `heroku run`, a Kubernetes Job, a release step) sees it finish and reads its exit code.',
      hint: 'Something keeps Node\'s event loop alive after the work: a setInterval timer, a server, an open connection or stdin. Clear it, or end with process.exit() once the work is done.',
    });
  }
  if (status.code !== 0) {
    fail({
      observed: `${what} \`npm run migrate\` (${script}) ${describeExit(status)}${crashSummary(app.stderr()) ? `: ${crashSummary(app.stderr())}` : ''}.\nIts output:\n${lastWords(app)}`,
      expected: 'exit code 0 when the migration succeeded: the person or the pipeline that runs it reads the code.',
      hint: `The error in its output. The command gets exactly the web process's variables (PORT, STORE_URL and, in one check, STORE_KEY_PREFIX), nothing else: it must find the store through them. ${MODULES_HINT}`,
    });
  }
}

/**
 * Starts the web process with `env` and asks it for every host of `links`.
 * Fails unless it lists exactly the right codes for each.
 * @param {import('node:test').TestContext} t @param {Record<string, string>} env @param {Link[]} links @param {string} context
 */
async function webSeesIndex(t, env, links, context) {
  const port = Number(env.PORT);
  const web = await startApp(t, { command: WEB, env, label: 'node server.js' });
  await expectListening(web, port, {
    timeoutMs: EXIT_MS,
    expected: `the web process (node server.js) listens on port ${port} (PORT) with the same environment as the command.`,
    hint: 'server.js: it must start and listen on process.env.PORT (see webConfig() in config.js).',
  });
  for (const [host, codes] of expectedIndex(links)) {
    const res = await request({ port, path: `/hosts/${host}`, timeoutMs: EXIT_MS }).catch((err) => ({ status: 0, body: err.message, json: () => undefined }));
    const listed = res.json()?.codes;
    const ok = res.status === 200 && Array.isArray(listed) && listed.length === codes.length && codes.every((c) => listed.includes(c));
    ensure(ok, {
      observed: `${context} the web process, started with the same environment, answered GET /hosts/${host} with ${res.status} ${show(res.body)}.`,
      expected: `status 200 with the codes of every link to ${host}, each once: ${codes.join(', ')}. The migration's effect is what the web process of the same release reads.`,
      hint: MODULES_HINT,
    });
  }
}

concurrently({ limit: 3 }, () => {
  test("`npm run migrate`, run with the web process's environment, files every link under its host and exits with code 0", { timeoutMs: CHECK_MS }, async (t) => {
    const links = makeLinks();
    const store = await startKeyValueStub(t, storeData(links));
    const env = { PORT: String(await freePort()), STORE_URL: store.url };
    const run = await runMigrate(t, env);
    judgeRun(run, "Run with the web process's environment (PORT and STORE_URL),");
    indexVerdict(indexProblems(store.data, '', links), links, store, run.script, '');
    await webSeesIndex(t, env, links, `After \`npm run migrate\`,`);
  });

  test('running `npm run migrate` a second time changes nothing and exits with code 0', { timeoutMs: CHECK_MS }, async (t) => {
    const links = makeLinks();
    const store = await startKeyValueStub(t, storeData(links));
    const env = { PORT: String(await freePort()), STORE_URL: store.url };
    judgeRun(await runMigrate(t, env, 'npm run migrate (first run)'), 'On its first run,');
    const after1 = new Map(store.data);
    const from = store.requests.length;
    judgeRun(await runMigrate(t, env, 'npm run migrate (second run)'), 'Run a second time, on the store its first run had migrated,');
    /** @type {string[]} */
    const changes = [];
    for (const [key, value] of store.data) {
      if (!after1.has(key)) changes.push(`added ${key} = ${show(value, 100)}`);
      else if (after1.get(key) !== value) changes.push(`changed ${key} from ${show(after1.get(key), 100)} to ${show(value, 100)}`);
    }
    for (const key of after1.keys()) if (!store.data.has(key)) changes.push(`removed ${key}`);
    ensure(!changes.length, {
      observed: `The second run of \`npm run migrate\` changed the store: ${changes.slice(0, 6).join('; ')}${changes.length > 6 ? `; and ${changes.length - 6} more` : ''}.\n${listWrites(writesOf(store, from))}`,
      expected:
        'the migration is idempotent: run again (a retry after a timeout, a second deploy, a colleague who was not sure it ran), it leaves the store exactly as its first run left it.',
      hint: 'Before adding a code to a host\'s list, look whether it is there already; links.js\'s fileUnderHost() does exactly that. The endpoint\'s loop (codes.push(code)) files every link again on every run.',
    });
  });

  test('with another STORE_URL and a STORE_KEY_PREFIX, the command and the web process both use them', { timeoutMs: CHECK_MS }, async (t) => {
    const links = makeLinks();
    const prefix = `review-${tag()}:`;
    const elsewhere = makeLinks();
    const previous = await startKeyValueStub(t, storeData(makeLinks()));
    // The deploy's store is shared: this deploy's keys start with `prefix`; another deploy's have none.
    const initial = { ...storeData(links, prefix), ...storeData(elsewhere) };
    const store = await startKeyValueStub(t, initial);
    const env = { PORT: String(await freePort()), STORE_URL: store.url, STORE_KEY_PREFIX: prefix };
    const run = await runMigrate(t, env);
    judgeRun(run, `Run with STORE_URL set to a second store and STORE_KEY_PREFIX=${prefix},`);
    ensure(previous.requests.length === 0, {
      observed: `\`npm run migrate\` sent ${previous.requests.length} request(s) to a store that the environment no longer names (STORE_URL pointed elsewhere).`,
      expected: 'the command finds its store through STORE_URL, like the web process, every time it runs.',
      hint: MODULES_HINT,
    });
    const all = writesOf(store);
    const foreign = all.filter((w) => !w.replace(/^(PUT|DELETE) /, '').startsWith(prefix));
    const touched = Object.keys(initial).filter((key) => !key.startsWith(prefix) && store.data.get(key) !== initial[key]);
    if (foreign.length || touched.length || all.length === 0) {
      fail({
        observed:
          `With STORE_KEY_PREFIX=${prefix}, this deploy's keys in the shared store start with ${prefix}; another deploy's keys have no prefix. ` +
          (all.length === 0
            ? `\`npm run migrate\` (${run.script}) exited with code 0 and wrote nothing: it found none of this deploy's links.`
            : `\`npm run migrate\` (${run.script}) made ${foreign.length} write(s) outside ${prefix}, to keys of another deploy.\n${listWrites(all)}`),
        expected:
          "the admin process gets the same config as the web process and reads all of it the same way: STORE_URL says which store, STORE_KEY_PREFIX which keys are this deploy's (store.js applies it when given { keyPrefix }).",
        hint: 'Read the store\'s settings with storeConfig() from config.js, as server.js does, and pass both to connectStore(url, { keyPrefix }). A variable read under another name, or not read at all, is config the command does not share with the web process.',
      });
    }
    indexVerdict(indexProblems(store.data, prefix, links), links, store, run.script, prefix);
    await webSeesIndex(t, env, links, `With STORE_URL and STORE_KEY_PREFIX=${prefix}, after \`npm run migrate\`,`);
  });

  test('without STORE_URL, the command stops with an error that names STORE_URL', { timeoutMs: CHECK_MS }, async (t) => {
    const env = { PORT: String(await freePort()) };
    const run = await runMigrate(t, env);
    const { app, status, script } = run;
    ensure(status !== null && app.listening().length === 0, () => ({
      observed: `Started without STORE_URL, \`npm run migrate\` (${script}) ${app.listening().length ? 'listened on a port' : `was still running ${EXIT_MS / 1000} s later`}.\nIts output:\n${lastWords(app)}`,
      expected: 'a missing required variable stops the command at once, with a message that names it.',
      hint: 'storeConfig() in config.js stops the process when STORE_URL is missing: read the store\'s settings through it.',
    }));
    ensure(status?.code !== 0 && /STORE_URL/.test(app.output()), () => ({
      observed: `Started without STORE_URL, \`npm run migrate\` (${script}) ${describeExit(status ?? { code: null, signal: null })}${/STORE_URL/.test(app.output()) ? '' : ', and its output does not mention STORE_URL'}.\nIts output:\n${lastWords(app)}`,
      expected: 'the command exits with a non-zero code and says that STORE_URL is not set (not a connection error to some default address, and not a silent success).',
      hint: 'Read STORE_URL through storeConfig() in config.js, without a default value.',
    }));
  });

  test('the web process runs no migration: POST /admin/migrate is gone, and no request or start-up writes to the store', { timeoutMs: CHECK_MS }, async (t) => {
    const links = makeLinks();
    const store = await startKeyValueStub(t, storeData(links));
    const port = await freePort();
    const web = await startApp(t, { command: WEB, env: { PORT: String(port), STORE_URL: store.url }, label: 'node server.js' });
    await expectListening(web, port, {
      timeoutMs: EXIT_MS,
      expected: `the web process (node server.js) listens on port ${port} (PORT).`,
      hint: 'server.js: it must start and listen on process.env.PORT.',
    });
    await sleep(300);
    const atStartup = writesOf(store);
    ensure(!atStartup.length, {
      observed: `The web process wrote to the store as it started, before any request:\n${atStartup.slice(0, 6).map((w) => `  ${w}`).join('\n')}`,
      expected:
        'migrations run as one-off processes, once per release, not inside every web process at start-up: several web processes would run them at the same time, and each restart would run them again.',
      hint: 'server.js: start the server and nothing else; the migration belongs to `npm run migrate`.',
    });
    /** @type {{ route: string, status: number, writes: string[] }[]} */
    const probes = [];
    const first = links[0];
    const routes = [
      ...ADMIN_PATHS.flatMap((path) => [`POST ${path}`, `GET ${path}`]),
      'GET /health',
      `GET /hosts/${first?.host}`,
      `GET /links/${first?.code}`,
      `GET /${first?.code}`,
    ];
    for (const route of routes) {
      const [method = 'GET', path = '/'] = route.split(' ');
      const from = store.requests.length;
      const res = await request({ port, method, path, body: method === 'POST' ? '{}' : undefined, headers: method === 'POST' ? { 'content-type': 'application/json' } : {}, timeoutMs: EXIT_MS }).catch(
        (err) => ({ status: 0, body: err.message }),
      );
      await sleep(20);
      probes.push({ route, status: res.status, writes: writesOf(store, from) });
    }
    await sleep(300);
    const endpoint = probes.find((p) => p.route === 'POST /admin/migrate');
    ensure(endpoint && (endpoint.status === 404 || endpoint.status === 405), {
      observed: `POST /admin/migrate answered ${endpoint?.status}${endpoint?.writes.length ? `, and the web process made ${endpoint.writes.length} write(s) to the store` : ''}: the endpoint is still there.`,
      expected:
        'no admin endpoint in the web process (404 or 405). A migration run by a web request shares the web process\'s time limits and traffic, can be retried by a router or a client and run twice at once, and is one more door into production.',
      hint: 'app.js: remove the POST /admin/migrate route; its work now belongs to `npm run migrate`.',
    });
    const writers = probes.filter((p) => p.writes.length);
    const late = writesOf(store).length - atStartup.length - writers.reduce((n, p) => n + p.writes.length, 0);
    ensure(!writers.length && late <= 0, {
      observed: writers.length
        ? `Requests to the web process wrote to the store: ${writers.map((p) => `${p.route} (${p.status}) wrote ${p.writes.slice(0, 3).join(', ')}`).join('; ')}.`
        : `The web process made ${late} write(s) to the store after it started, without being asked to:\n${writesOf(store).slice(0, 6).map((w) => `  ${w}`).join('\n')}`,
      expected: `no route of the web process runs the migration (tried: POST and GET on ${ADMIN_PATHS.join(', ')}, and the app's GET routes). It runs as a one-off process, \`npm run migrate\`.`,
      hint: 'app.js and server.js: remove whatever runs the migration inside the web process.',
    });
  });
});
