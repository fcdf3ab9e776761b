// Hidden checks for exercise 01, codebase: one codebase, many deploys.
// (This file runs from <root>/hidden/tests/, so the harness is ../_harness/.)
//
// Behaviour first. The learner's app is started three times, from the same
// files, as three deploys that differ only by their environment:
//   - one called "production", with custom codes ON,
//   - one called "staging", with custom codes OFF (both with NODE_ENV=production,
//     as Node.js deploys often are),
//   - a brand-new developer deploy with a name no code can know in advance, no
//     NODE_ENV, custom codes ON.
// The switch is deliberately crossed with the names (the starter's staging copy had
// the feature, production did not): an app that picks code or settings by the
// deploy's name, or by NODE_ENV, gives at least one of the three deploys the wrong
// behaviour. The three deploys are started once and shared by the behaviour checks,
// which therefore run one after the other (they only send requests).
//
// Two checks read files, because behaviour cannot show them: copies of the code
// kept per environment (they may behave perfectly while they are in sync), and
// code that compares something with an environment's name (it may select on a
// variable these checks do not set).
import {
  ensure,
  excerpt,
  explainNotListening,
  fail,
  freePorts,
  readLearnerFile,
  request,
  scanFiles,
  show,
  startApp,
  stripComments,
  test,
  waitForPort,
  walkFiles,
} from '../_harness/index.mjs';

const COMMAND = ['node', 'server.js'];
const READY_MS = 5000;
const nonce = () => Math.random().toString(36).slice(2, 8);

/** A developer's deploy: a name no code can know in advance. */
const devName = `dev-${nonce()}`;
/** The deploys every behaviour check talks to. */
const DEPLOYS = [
  { name: 'production', env: { DEPLOY_NAME: 'production', NODE_ENV: 'production', CUSTOM_CODES: 'on' } },
  { name: 'staging', env: { DEPLOY_NAME: 'staging', NODE_ENV: 'production', CUSTOM_CODES: 'off' } },
  { name: devName, env: { DEPLOY_NAME: devName, CUSTOM_CODES: 'on' } },
];

/** How a message names a deploy, with its whole environment. */
function describe(deploy) {
  const vars = Object.entries(deploy.env).map(([k, v]) => `${k}=${v}`).join(' ');
  return `the deploy started with ${vars}`;
}

/**
 * @typedef {{ name: string, env: Record<string, string>, port: number, app: import('../_harness/index.mjs').App, ready: { ok: boolean, elapsedMs?: number } }} Deploy
 */

/** @type {Promise<Deploy[]> | undefined} */
let started;
/** Starts the three deploys once (shared by the behaviour checks; killed when the file ends). */
function startDeploys() {
  started ??= (async () => {
    const ports = await freePorts(DEPLOYS.length);
    return Promise.all(
      DEPLOYS.map(async (d, i) => {
        const port = /** @type {number} */ (ports[i]);
        const app = await startApp(null, { command: COMMAND, env: { PORT: String(port), ...d.env }, label: `deploy ${d.name}` });
        const ready = await waitForPort(port, { app, timeoutMs: READY_MS });
        return { ...d, port, app, ready };
      }),
    );
  })();
  return started;
}

/** The deploys, failing the check when one of them did not start. */
async function runningDeploys() {
  const deploys = await startDeploys();
  for (const d of deploys) {
    if (!d.ready.ok) {
      fail({
        observed: `Shortlinks was started three times with \`node server.js\`, as three deploys. For ${describe(d)} and PORT=${d.port}: ${explainNotListening(d.app, d.port, { waitedMs: d.ready.elapsedMs })}${d.app.output().trim() ? `\nIt printed:\n${excerpt(d.app.output())}` : ''}`,
        expected: 'one codebase that any deploy starts the same way, `node server.js`, with its own environment: it listens on PORT within a few seconds.',
        hint: 'server.js at the top of your files is the entry point every deploy runs. It must start the app for any DEPLOY_NAME, not only for names it knows.',
      });
    }
  }
  return deploys;
}

/** One HTTP request to a deploy; a missing answer fails the check with a plain message. */
async function call(deploy, options) {
  try {
    return await request({ port: deploy.port, timeoutMs: 3000, ...options });
  } catch (err) {
    return fail({
      observed: `For ${describe(deploy)}: ${/** @type {Error} */ (err).message}`,
      expected: 'every deploy of Shortlinks answers its requests.',
      hint: 'server.js should hand every request to the Shortlinks request handler.',
    });
  }
}

/** POST /links with a JSON body. */
function postLink(deploy, value) {
  return call(deploy, { method: 'POST', path: '/links', headers: { 'content-type': 'application/json' }, body: JSON.stringify(value) });
}

/** "201 {"code":"x"}" for messages. */
function said(res) {
  const body = res.body.replace(/\s+/g, ' ').trim();
  return `${res.status} ${body.length > 200 ? `${body.slice(0, 200)}…` : body || '(empty body)'}`;
}

test('every deploy runs the same code and reports its own DEPLOY_NAME, a new deploy too', async () => {
  const deploys = await runningDeploys();
  const seen = [];
  let wrong = false;
  for (const d of deploys) {
    const res = await call(d, { path: '/health' });
    const body = res.json();
    const ok = res.status === 200 && body?.service === 'shortlinks' && body?.deploy === d.env.DEPLOY_NAME;
    if (!ok) wrong = true;
    seen.push(`${ok ? '✓' : '✗'} DEPLOY_NAME=${d.env.DEPLOY_NAME}: GET /health answered ${said(res)}`);
  }
  ensure(!wrong, {
    observed: `Three deploys of your app, started from the same files with \`node server.js\`:\n${seen.join('\n')}`,
    expected: `each deploy answers GET /health with {"status":"ok","service":"shortlinks","deploy":"<its DEPLOY_NAME>"}. A deploy is a running instance of the one codebase: a new one, like ${devName} on a developer's laptop, needs only its own environment, not a copy of the code with its name written in.`,
    hint: 'where the deploy name comes from: read process.env.DEPLOY_NAME in the one copy of the code, instead of choosing a copy (or a branch of code) by name.',
  });
});

test('each deploy follows its own config: CUSTOM_CODES turns custom codes on or off, whatever the deploy is called', async () => {
  const deploys = await runningDeploys();
  const seen = [];
  let wrong = false;
  for (const d of deploys) {
    const code = `c-${nonce()}`;
    const url = `https://example.org/custom/${nonce()}`;
    const res = await postLink(d, { url, code });
    const used = res.status === 201 && res.json()?.code === code;
    let ok;
    let note = '';
    if (d.env.CUSTOM_CODES === 'on') {
      ok = used;
      if (ok) {
        const hop = await call(d, { path: `/${code}` });
        ok = hop.status === 302 && hop.headers.location === url;
        if (!ok) note = `, but GET /${code} then answered ${hop.status}${hop.headers.location ? ` to ${hop.headers.location}` : ''}`;
      }
    } else {
      // Off: the chosen code is not used. Ignoring it (201 with another code) and refusing it (4xx) are both fine.
      ok = !used && ((res.status === 201 && typeof res.json()?.code === 'string') || (res.status >= 400 && res.status < 500));
    }
    if (!ok) wrong = true;
    const want = d.env.CUSTOM_CODES === 'on' ? `expected 201 with the code ${code}` : 'expected the code not to be used';
    seen.push(`${ok ? '✓' : '✗'} DEPLOY_NAME=${d.env.DEPLOY_NAME}${d.env.NODE_ENV ? ` NODE_ENV=${d.env.NODE_ENV}` : ''} CUSTOM_CODES=${d.env.CUSTOM_CODES}: POST /links with "code":"${code}" answered ${said(res)}${note}${ok ? '' : ` (${want})`}`);
  }
  ensure(!wrong, {
    observed: `Three deploys of your app, asked to create a link with a chosen code:\n${seen.join('\n')}`,
    expected: 'deploys differ only by config. With CUSTOM_CODES=on a deploy uses the code a client chooses (201, and GET /<code> redirects to the URL); with CUSTOM_CODES=off it does not (it ignores the code or refuses the request). That holds whatever the deploy is called and whatever NODE_ENV says: here the deploy called production has the feature and the one called staging does not.',
    hint: 'the place that decides whether a chosen code is used: it should read process.env.CUSTOM_CODES, not compare DEPLOY_NAME or NODE_ENV with a name, and not depend on which copy of the code runs.',
  });
});

test('the URL fix reaches every deploy: only http and https links are accepted', async () => {
  const deploys = await runningDeploys();
  const bad = ['javascript:alert(document.cookie)', 'data:text/html,<script>alert(1)</script>'];
  const seen = [];
  let wrong = false;
  for (const d of deploys) {
    for (const url of bad) {
      const res = await postLink(d, { url });
      const ok = res.status >= 400 && res.status < 500;
      if (!ok) wrong = true;
      seen.push(`${ok ? '✓' : '✗'} DEPLOY_NAME=${d.env.DEPLOY_NAME}: POST /links with ${show(url)} answered ${said(res)}`);
    }
    const url = `https://example.org/fine/${nonce()}`;
    const res = await postLink(d, { url });
    let ok = res.status === 201 && typeof res.json()?.code === 'string';
    let note = '';
    if (ok) {
      const hop = await call(d, { path: `/${res.json().code}` });
      ok = hop.status === 302 && hop.headers.location === url;
      if (!ok) note = `, but GET /${res.json().code} then answered ${hop.status}`;
    }
    if (!ok) wrong = true;
    seen.push(`${ok ? '✓' : '✗'} DEPLOY_NAME=${d.env.DEPLOY_NAME}: POST /links with ${show(url)} answered ${said(res)}${note}${ok ? '' : ' (expected 201, and a redirect from the new code)'}`);
  }
  ensure(!wrong, {
    observed: `Three deploys of your app, asked to shorten links:\n${seen.join('\n')}`,
    expected: 'a fix made once is in every deploy, because every deploy runs the same codebase: each one refuses a URL whose scheme is not http or https with a 4xx status, and still shortens http(s) URLs.',
    hint: 'the production copy had the hot-fix (the check of the URL\'s protocol in createLink). Keep it in the one copy of the code that every deploy runs. A fix is code, not config: no variable should turn it off.',
  });
});

// ---- Files: what behaviour cannot show --------------------------------------------

const CODE_FILE = /\.(?:m|c)?[jt]sx?$/;
const ENV_NAMES = ['production', 'prod', 'staging', 'stage', 'development', 'dev', 'qa', 'uat', 'preview'];
const ENV_NAME = new Set(ENV_NAMES);
/** A copy: two files sharing at least this many significant lines, and this share of the smaller one. */
const COPY_MIN_LINES = 8;
const COPY_MIN_SHARE = 0.5;

/** The lines of a code file that say something: no comments, no imports, no lone brackets. */
function significantLines(source) {
  const lines = new Set();
  for (const raw of stripComments(source).split('\n')) {
    const line = raw.trim().replace(/\s+/g, ' ').replace(/[;,]$/, '');
    if (line.length < 12 || !/[a-z]/i.test(line)) continue;
    if (/^(?:import|export \{|export \* from)\b/.test(line) || /^\} from /.test(line)) continue;
    lines.add(line);
  }
  return lines;
}

/** Why a path looks like code kept for one environment ('' when it does not). */
function environmentIn(file) {
  const parts = file.toLowerCase().split('/');
  const base = /** @type {string} */ (parts.pop()).replace(CODE_FILE, '');
  const dir = parts.find((p) => ENV_NAME.has(p));
  if (dir) return `it is in a folder named "${dir}"`;
  const token = base.split(/[._-]/).find((p) => ENV_NAME.has(p));
  return token ? `its name says "${token}"` : '';
}

test('no per-environment copy of the code is left', () => {
  const files = walkFiles().filter((f) => CODE_FILE.test(f));
  const problems = [];
  for (const f of files) {
    const why = environmentIn(f);
    if (why) problems.push(`${f}: ${why}, so it is code for one environment`);
  }
  const lines = files.map((f) => ({ file: f, lines: significantLines(readLearnerFile(f) ?? '') }));
  for (let i = 0; i < lines.length; i++) {
    for (let j = i + 1; j < lines.length; j++) {
      const a = /** @type {{ file: string, lines: Set<string> }} */ (lines[i]);
      const b = /** @type {{ file: string, lines: Set<string> }} */ (lines[j]);
      const smaller = Math.min(a.lines.size, b.lines.size);
      let shared = 0;
      for (const line of a.lines) if (b.lines.has(line)) shared++;
      if (shared >= COPY_MIN_LINES && shared >= COPY_MIN_SHARE * smaller) {
        problems.push(`${a.file} and ${b.file} are copies of each other: ${shared} of the ${smaller} lines of the smaller one are the same`);
      }
    }
  }
  ensure(!problems.length, {
    observed: `Your files still hold code per environment:\n${problems.map((p) => `- ${p}`).join('\n')}`,
    expected: 'one codebase: a single copy of the app\'s code that every deploy runs. What differs between deploys is config, read from the environment, never a second copy of the code (copies drift: that is how the hot-fix stayed in production only). Older versions live in version control\'s history, not in folders.',
    hint: `merge the copies into one set of files at the top (keep both the hot-fix and the custom-codes feature), make the differences environment variables, and delete the per-environment files. Code files are flagged when two of them share most of their lines, or when a folder or a part of their name is an environment's name (${ENV_NAMES.join(', ')}).`,
  });
});

test('no code is chosen by the name of an environment', () => {
  const names = ENV_NAMES.join('|');
  const quoted = `['"\`](?:${names})['"\`]`;
  const pattern = new RegExp(`(?:[!=]==?\\s*${quoted})|(?:${quoted}\\s*[!=]==?)|(?:\\bcase\\s+${quoted}\\s*:)|(?:\\.(?:includes|startsWith|endsWith)\\(\\s*${quoted})`, 'i');
  const found = scanFiles(pattern, { extensions: ['.js', '.mjs', '.cjs', '.ts', '.jsx', '.tsx'] });
  ensure(!found.length, () => ({
    observed: `Your code compares a value with the name of an environment:\n${found
      .slice(0, 6)
      .map((f) => `- ${f.file}:${f.line}: ${f.text}`)
      .join('\n')}`,
    expected: 'the same code runs the same way in every deploy; each difference is one setting of its own (like CUSTOM_CODES), read from the environment. Code that asks "am I production?" is a per-environment copy hidden in an if: a new deploy (a developer\'s laptop, a second staging) gets whatever the else branch does.',
    hint: 'each line above: instead of comparing DEPLOY_NAME, NODE_ENV or anything else with an environment\'s name, read one variable for the one thing that differs (as CUSTOM_CODES does for custom codes). DEPLOY_NAME is a label to show, never a switch.',
  }));
});
