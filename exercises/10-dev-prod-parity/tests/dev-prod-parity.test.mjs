// Hidden checks for exercise 10, dev/prod parity. Mostly behaviour: the learner's
// web process and worker (`node server.js`, `node worker.js`) run as real
// processes, once for each value of NODE_ENV below, every time attached by
// STORE_URL and QUEUE_URL to a key-value store and a queue of their own (stubs
// started here, on ports the OS picks, so nothing written in the code can find
// them). Each run goes through the same script (read a seeded link, add one,
// follow it, let the worker count the click, read again after the store changed
// behind the app's back) and records what it saw; a later check compares the
// records. Then the processes are started without STORE_URL, and without
// QUEUE_URL, under several NODE_ENV values. Last, a file check: compose.yaml (the
// development services) against deploy/production.json (read-only), by type and
// version of each service.
// (This file runs from <root>/hidden/tests/, so the harness is ../_harness/.)
//
// The NODE_ENV runs go side by side: each has its own stubs, its own port and its
// own processes, and the app keeps nothing on disk that the checks depend on (a
// file shared between runs could only hold links under codes the other runs also
// write with the same values, or the seeded ones, which every run also reads from
// its own store). A web process that binds a fixed port fails every run whether
// or not another copy holds that port (the checks wait for PORT).
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import {
  concurrently,
  connectHost,
  crashSummary,
  describeExit,
  ensure,
  excerpt,
  expectListening,
  fail,
  freePort,
  learnerDir,
  request,
  show,
  startApp,
  startKeyValueStub,
  startQueueStub,
  test,
} from '../_harness/index.mjs';

const WEB = ['node', 'server.js'];
const WORKER = ['node', 'worker.js'];
/** NODE_ENV values tried; undefined = not set. The last one is a value nobody planned for. */
const NODE_ENVS = [undefined, 'development', 'test', 'production', 'staging'];
const REFERENCE = 'production';
/** How long the web process gets to listen, or a process to stop, after it starts (a busy machine). */
const READY_MS = 8000;
/** How long the worker gets to take the click job and acknowledge it. */
const WORKER_MS = 8000;
const REQUEST_MS = 4000;
const CHECK_MS = 30_000;

const random = (/** @type {number} */ bytes = 3) => randomBytes(bytes).toString('hex');
const sleep = (/** @type {number} */ ms) => new Promise((r) => setTimeout(r, ms));
/** The same codes and URLs in every run, so that the records can be compared. */
const SEED = { code: `seed-${random()}`, url: `https://seeded.example.test/${random()}`, moved: `https://moved.example.test/${random()}` };
const FRESH = { code: `new-${random()}`, url: `https://example.test/a/long/path/${random()}` };
const SEEDED_CLICKS = 3;

const BACKENDS_HINT = 'backends.js (or wherever your processes create their store and queue): whatever NODE_ENV says, connect to the store at STORE_URL (connectStore in store.js) and the queue at QUEUE_URL (connectQueue in queue.js). No branch on NODE_ENV, no in-memory stand-in.';

/** "NODE_ENV unset" / "NODE_ENV=development" */
const label = (/** @type {string | undefined} */ nodeEnv) => (nodeEnv === undefined ? 'NODE_ENV unset' : `NODE_ENV=${nodeEnv}`);
/** @param {string | undefined} nodeEnv @returns {Record<string, string>} */
const nodeEnvVars = (nodeEnv) => (nodeEnv === undefined ? {} : { NODE_ENV: nodeEnv });

/**
 * @typedef {object} Run  what one run saw (strings for the comparison; '' when the step never happened)
 * @property {string} health        GET /health
 * @property {string} seeded        GET /links/<seeded code>: status, url, clicks
 * @property {string} created       POST /links: status
 * @property {string} storedOnAnswer whether the store held the new link when the 201 arrived
 * @property {string} redirect      GET /<new code>: status and location
 * @property {string} queued        click jobs the queue received for the new code
 * @property {string} counted       whether the worker acknowledged that job in time
 * @property {string} clicks        GET /links/<new code>: clicks
 * @property {string} afterChange   GET /<seeded code> after the store changed that link
 */
/** @type {Record<keyof Run, string>} */
const STEPS = {
  health: 'GET /health',
  seeded: `GET /links/${SEED.code} (a link already in the store, with ${SEEDED_CLICKS} clicks)`,
  created: `POST /links with code ${FRESH.code}`,
  storedOnAnswer: 'the new link in the store at STORE_URL when POST /links answered',
  redirect: `GET /${FRESH.code}`,
  queued: `click jobs for ${FRESH.code} received by the queue at QUEUE_URL`,
  counted: `the worker took that job from the queue and acknowledged it within ${WORKER_MS / 1000} s`,
  clicks: `GET /links/${FRESH.code} afterwards`,
  afterChange: `GET /${SEED.code} after the store's copy of that link changed`,
};
/** Records by NODE_ENV label, filled by the runs, compared by the last behaviour check. @type {Map<string, Run>} */
const runs = new Map();

/** @param {import('../_harness/index.mjs').HttpResponse} res */
function brief(res) {
  const json = /** @type {any} */ (res.json());
  if (res.headers.location) return `${res.status} to ${res.headers.location}`;
  if (json && typeof json === 'object' && 'url' in json) return `${res.status} url=${json.url}${'clicks' in json ? ` clicks=${json.clicks}` : ''}`;
  const body = res.body.replace(/\s+/g, ' ').trim();
  return `${res.status}${body ? ` ${body.length > 80 ? `${body.slice(0, 79)}…` : body}` : ''}`;
}

/**
 * One request; a failure to answer becomes a description, not an exception.
 * @param {number} port @param {string} method @param {string} urlPath @param {unknown} [json]
 */
async function call(port, method, urlPath, json) {
  try {
    const res = await request({
      port,
      method,
      path: urlPath,
      timeoutMs: REQUEST_MS,
      ...(json === undefined ? {} : { body: JSON.stringify(json), headers: { 'content-type': 'application/json' } }),
    });
    return { res, text: brief(res) };
  } catch (err) {
    return { res: undefined, text: `no answer (${/** @type {Error} */ (err).message})` };
  }
}

/** What became of a process that is not running any more ('' while it runs). @param {import('../_harness/index.mjs').App} app @param {string} name */
function ended(app, name) {
  if (app.running || !app.exitStatus) return '';
  const crash = crashSummary(app.stderr());
  return `${name} ${describeExit(app.exitStatus)}${crash ? `: ${crash}` : ''}. Its output:\n${excerpt(app.output())}`;
}

/**
 * Starts the web process and the worker with `nodeEnv`, attached to stubs of their own,
 * runs the script, records what it saw, then judges this run alone.
 * @param {import('node:test').TestContext} t @param {string | undefined} nodeEnv
 */
async function runWith(t, nodeEnv) {
  const name = label(nodeEnv);
  const store = await startKeyValueStub(t, {
    [`link:${SEED.code}`]: JSON.stringify({ url: SEED.url, createdAt: '2026-01-01T00:00:00.000Z' }),
    ...Object.fromEntries(Array.from({ length: SEEDED_CLICKS }, (_, i) => [`click:${SEED.code}:seed${i + 1}`, '2026-01-01T00:00:00.000Z'])),
  });
  const queue = await startQueueStub(t);
  const port = await freePort();
  const services = { STORE_URL: store.url, QUEUE_URL: queue.url, ...nodeEnvVars(nodeEnv) };
  const web = await startApp(t, { command: WEB, env: { PORT: String(port), ...services }, label: `node server.js (${name})` });
  const worker = await startApp(t, { command: WORKER, env: services, label: `node worker.js (${name})` });

  await expectListening(web, port, {
    timeoutMs: READY_MS,
    expected: `with ${name}, PORT, STORE_URL and QUEUE_URL set, the web process answers on port ${port} (PORT) within ${READY_MS / 1000} s.`,
    hint: 'server.js and backends.js: with every variable set, the web process must start, whatever NODE_ENV says. If it stopped, its output above says why.',
  });

  /** @type {Run} */
  const run = { health: '', seeded: '', created: '', storedOnAnswer: '', redirect: '', queued: '', counted: '', clicks: '', afterChange: '' };
  runs.set(name, run);
  const health = await call(port, 'GET', '/health');
  run.health = health.text;
  const storeCallsBefore = store.requests.length;
  const seeded = await call(port, 'GET', `/links/${SEED.code}`);
  run.seeded = seeded.text;
  const storeCallsForSeed = store.requests.length - storeCallsBefore;
  const created = await call(port, 'POST', '/links', { url: FRESH.url, code: FRESH.code });
  run.created = created.res ? String(created.res.status) : created.text;
  const stored = store.data.get(`link:${FRESH.code}`);
  run.storedOnAnswer = stored === undefined ? 'no' : 'yes';
  const redirect = await call(port, 'GET', `/${FRESH.code}`);
  run.redirect = redirect.text;
  const jobsFor = () => queue.jobs.filter((j) => /** @type {any} */ (j.payload)?.code === FRESH.code);
  run.queued = String(jobsFor().length);
  const until = Date.now() + WORKER_MS;
  while (Date.now() < until && !(jobsFor().length && jobsFor().every((j) => j.state === 'done')) && worker.running) await sleep(50);
  const counted = jobsFor().length > 0 && jobsFor().every((j) => j.state === 'done');
  run.counted = counted ? 'yes' : 'no';
  const clicks = await call(port, 'GET', `/links/${FRESH.code}`);
  run.clicks = clicks.res ? String(/** @type {any} */ (clicks.res.json())?.clicks) : clicks.text;
  store.data.set(`link:${SEED.code}`, JSON.stringify({ url: SEED.moved, createdAt: '2026-01-01T00:00:00.000Z' }));
  const afterChange = await call(port, 'GET', `/${SEED.code}`);
  run.afterChange = afterChange.text;

  // This run alone.
  const gone = ended(web, 'The web process');
  if (gone) fail({ observed: `With ${name}, ${gone}`, expected: 'the web process keeps running and answering.', hint: BACKENDS_HINT });
  ensure(storeCallsForSeed > 0 && store.requests.length > 0, {
    observed: `With ${name}, GET /links/${SEED.code} answered ${seeded.text}, and the store at STORE_URL (${store.url}) received no request for it${store.requests.length ? '' : ', nor for anything else during the whole run'}. With this NODE_ENV your web process keeps its links somewhere other than the store it was given: in memory, in a file, or in a store chosen by the code.`,
    expected: `whatever NODE_ENV says, the web process reads and writes the store whose URL is in STORE_URL: a developer's copy, the test suite and production all run the same code against the same kind of service.`,
    hint: BACKENDS_HINT,
  });
  ensure(seeded.text === `200 url=${SEED.url} clicks=${SEEDED_CLICKS}`, {
    observed: `With ${name}, the store holds the link ${SEED.code} → ${SEED.url} and ${SEEDED_CLICKS} clicks on it, but GET /links/${SEED.code} answered ${seeded.text}.`,
    expected: `200 with url ${SEED.url} and clicks ${SEEDED_CLICKS}, read from the store at STORE_URL.`,
    hint: BACKENDS_HINT,
  });
  ensure(created.res?.status === 201 && stored !== undefined, {
    observed: `With ${name}, POST /links answered ${created.text}, and when it answered, the store at STORE_URL ${stored === undefined ? `held no key link:${FRESH.code}` : 'held the link'}.${created.res?.status === 201 && stored === undefined ? ' The link was kept somewhere else first (a local cache or buffer), to be written later or never.' : ''}`,
    expected: `201, with the link already written to the store at STORE_URL (as link:${FRESH.code}) when the answer leaves: the same path as in production.`,
    hint: `${BACKENDS_HINT} Writes go straight to the store, in every environment.`,
  });
  ensure(redirect.res?.status === 302 && redirect.res.headers.location === FRESH.url && jobsFor().length > 0, {
    observed: `With ${name}, GET /${FRESH.code} answered ${redirect.text}; the queue at QUEUE_URL (${queue.url}) received ${jobsFor().length} click job(s) for ${FRESH.code}${queue.requests.length ? '' : ' (it received no request at all)'}.`,
    expected: `a redirect (302) to ${FRESH.url}, and one click job on the queue at QUEUE_URL.`,
    hint: BACKENDS_HINT,
  });
  if (!counted) {
    const reserves = queue.requests.filter((r) => r.path.endsWith('/reserve')).length;
    const workerGone = ended(worker, 'The worker');
    fail({
      observed: `With ${name}, the click job for ${FRESH.code} waited on the queue at QUEUE_URL for ${WORKER_MS / 1000} s and was never acknowledged. ${
        workerGone || (reserves ? `The worker asked the queue for jobs ${reserves} time(s), but did not finish this one.` : 'The worker never asked that queue for a job: with this NODE_ENV it takes its jobs from somewhere else.')
      }`,
      expected: 'whatever NODE_ENV says, the worker takes click jobs from the queue at QUEUE_URL, records them in the store at STORE_URL, and acknowledges them.',
      hint: `worker.js and ${BACKENDS_HINT}`,
    });
  }
  ensure(run.clicks === '1', {
    observed: `With ${name}, after the worker acknowledged the click job, GET /links/${FRESH.code} answered ${clicks.text}.`,
    expected: 'clicks 1: the click the worker recorded in the store at STORE_URL, read back from that store.',
    hint: BACKENDS_HINT,
  });
}

concurrently(() => {
  for (const nodeEnv of NODE_ENVS) {
    test(`with ${label(nodeEnv)}, uses the store at STORE_URL and the queue at QUEUE_URL`, { timeoutMs: CHECK_MS }, async (t) => {
      await runWith(t, nodeEnv);
    });
  }
});

test('behaves the same whatever NODE_ENV says', async () => {
  if (!runs.has(label(REFERENCE))) {
    fail({
      observed: `With ${label(REFERENCE)}, the web process never answered (see that check above), so there is nothing to compare with.`,
      expected: 'the app starts, and behaves the same, whatever NODE_ENV says.',
      hint: BACKENDS_HINT,
    });
  }
  /** @type {string[]} */
  const differences = [];
  const missing = NODE_ENVS.map(label).filter((name) => !runs.has(name));
  if (missing.length) differences.push(`With ${missing.join(', ')}, the web process never answered (see the check for ${missing.length === 1 ? 'it' : 'each'} above); with ${label(REFERENCE)}, it did.`);
  for (const key of /** @type {(keyof Run)[]} */ (Object.keys(STEPS))) {
    /** @type {Map<string, string[]>} value → the NODE_ENV labels that saw it */
    const seen = new Map();
    for (const nodeEnv of NODE_ENVS) {
      const run = runs.get(label(nodeEnv));
      if (!run) continue;
      const value = run[key] || '(not reached)';
      seen.set(value, [...(seen.get(value) ?? []), label(nodeEnv)]);
    }
    if (seen.size < 2) continue;
    const first = (/** @type {[string, string[]]} */ [, names]) => Number(names.includes(label(REFERENCE)));
    const ordered = [...seen].sort((x, y) => first(y) - first(x));
    differences.push(`${STEPS[key]}: ${ordered.map(([value, names]) => `with ${names.join(', ')}: ${value}`).join('; ')}.`);
  }
  ensure(differences.length === 0, {
    observed: `The same requests, against the same store and queue contents, gave different results depending on NODE_ENV alone:\n${differences.map((d) => `- ${d}`).join('\n')}`,
    expected: 'identical behaviour whatever NODE_ENV says: one code path, the same services, the same answers. Behaviour seen only in production is behaviour nobody tried before it shipped.',
    hint: `${BACKENDS_HINT} Look for any code that tests NODE_ENV (or treats "not production" specially): a cache, a buffer, a different client.`,
  });
});

/**
 * Starts `command` with every variable but `missing`, under each NODE_ENV value, and expects each
 * start to stop at once with a non-zero exit code and a message that names `missing`.
 * @param {import('node:test').TestContext} t @param {'STORE_URL' | 'QUEUE_URL'} missing
 */
async function expectRefusalsWithout(t, missing) {
  const store = await startKeyValueStub(t);
  const queue = await startQueueStub(t);
  const starts = [
    ...NODE_ENVS.map((nodeEnv) => ({ command: WEB, nodeEnv })),
    ...[undefined, 'development', 'test'].map((nodeEnv) => ({ command: WORKER, nodeEnv })),
  ];
  const outcomes = await Promise.all(
    starts.map(async ({ command, nodeEnv }) => {
      const port = await freePort();
      /** @type {Record<string, string>} */
      const env = { STORE_URL: store.url, QUEUE_URL: queue.url, ...nodeEnvVars(nodeEnv) };
      if (command === WEB) env.PORT = String(port);
      delete env[missing];
      const who = `node ${command[1]} (${label(nodeEnv)})`;
      const app = await startApp(t, { command, env, label: `${who}, without ${missing}` });
      const until = Date.now() + READY_MS;
      while (app.running && Date.now() < until) {
        if (command === WEB && app.listenEvents().some((e) => e.event === 'listening' && e.port === port)) break;
        await sleep(50);
      }
      if (app.running) {
        const listening = command === WEB && (await connectHost(port, { timeoutMs: 300 }));
        return `${who} ${listening ? `started anyway and answers on port ${port}` : `was still running ${READY_MS / 1000} s later`}.`;
      }
      const status = app.exitStatus;
      if (status?.code === 0 && !status.signal) return `${who} exited with code 0, which tells the platform that all is well.`;
      if (!new RegExp(`\\b${missing}\\b`).test(app.output())) return `${who} stopped (${status ? describeExit(status) : 'exited'}), but its output does not name ${missing}: ${show(excerpt(app.output()).slice(0, 200))}`;
      return '';
    }),
  );
  const problems = outcomes.filter(Boolean);
  ensure(problems.length === 0, {
    observed: `Started without ${missing} (every other variable set):\n${problems.map((p) => `- ${p}`).join('\n')}`,
    expected: `without ${missing}, the web process and the worker stop at start-up with a non-zero exit code and a message that names ${missing}, whatever NODE_ENV says. A process that falls back to memory, or to a store the code picks, runs against something production never uses, and nobody is told.`,
    hint: `backends.js: treat ${missing} as required in every environment, with no default and no fallback; when it is missing, print a message that names it and exit with process.exit(1).`,
  });
}

concurrently(() => {
  test('without STORE_URL, each process stops at start-up with an error that names it, whatever NODE_ENV says', { timeoutMs: CHECK_MS }, async (t) => {
    await expectRefusalsWithout(t, 'STORE_URL');
  });
  test('without QUEUE_URL, each process stops at start-up with an error that names it, whatever NODE_ENV says', { timeoutMs: CHECK_MS }, async (t) => {
    await expectRefusalsWithout(t, 'QUEUE_URL');
  });
});

// ---------------------------------------------------------------------------
// compose.yaml against deploy/production.json

const COMPOSE_NAMES = ['compose.yaml', 'compose.yml', 'docker-compose.yaml', 'docker-compose.yml'];
const MANIFEST = 'deploy/production.json';

/**
 * @typedef {object} ComposeService
 * @property {string} [image]
 * @property {boolean} build
 * @property {number} line     where the service starts (1-based; 0 in JSON)
 */

/**
 * Reads the services of a compose file and each one's `image`, in the subset this check
 * supports: JSON, or block-style YAML (`services:` at the top level, one block per service,
 * `image: name:tag`, quotes and comments allowed). Anything else is reported, not guessed.
 * @param {string} text
 * @returns {{ services: Map<string, ComposeService>, problems: string[] }}
 */
function readCompose(text) {
  /** @type {Map<string, ComposeService>} */
  const services = new Map();
  /** @type {string[]} */
  const problems = [];
  if (/^\s*\{/.test(text)) {
    let json;
    try {
      json = JSON.parse(text);
    } catch (err) {
      return { services, problems: [`it starts like JSON but is not valid JSON (${/** @type {Error} */ (err).message})`] };
    }
    const block = json?.services;
    if (!block || typeof block !== 'object') return { services, problems: ['it has no "services" object'] };
    for (const [name, def] of Object.entries(block)) {
      services.set(name, { image: typeof def?.image === 'string' ? def.image : undefined, build: Boolean(def?.build), line: 0 });
    }
    return { services, problems };
  }

  const lines = text.split(/\r?\n/).map((raw, i) => ({ no: i + 1, raw, ...splitLine(raw) }));
  const content = lines.filter((l) => l.text !== '' && l.text !== '---');
  const tabbed = content.find((l) => /^\t/.test(l.raw));
  if (tabbed) problems.push(`line ${tabbed.no} is indented with a tab, which YAML does not allow`);
  const SERVICES = /^(["']?)services\1\s*:/;
  const start = content.findIndex((l) => l.indent === 0 && SERVICES.test(l.text));
  if (start < 0) return { services, problems: [...problems, 'it has no top-level "services:" block'] };
  const header = content[start];
  if (header && header.text.replace(SERVICES, '').trim()) problems.push(`line ${header.no}: write "services:" on a line of its own, with each service below it as a block (flow style { … } is not read)`);
  const body = [];
  for (const l of content.slice(start + 1)) {
    if (l.indent === 0) break;
    body.push(l);
  }
  const serviceIndent = body[0]?.indent ?? 0;
  /** @type {ComposeService | undefined} */
  let current;
  let keyIndent = -1;
  for (const l of body) {
    if (l.indent < serviceIndent) {
      problems.push(`line ${l.no} is indented less than the services above it`);
      break;
    }
    if (l.indent === serviceIndent) {
      const m = /^(["']?)([A-Za-z0-9._-]+)\1\s*:\s*(.*)$/.exec(l.text);
      if (!m) {
        problems.push(`line ${l.no}: expected a service name followed by ":", found ${show(l.text)}`);
        current = undefined;
        continue;
      }
      if (m[3]) problems.push(`line ${l.no}: write the service ${m[2]} as a block (its keys on the lines below), not on one line`);
      current = { build: false, line: l.no };
      services.set(m[2] ?? '', current);
      keyIndent = -1;
      continue;
    }
    if (!current) continue;
    if (keyIndent < 0) keyIndent = l.indent;
    if (l.indent !== keyIndent || l.text.startsWith('- ') || l.text === '-') continue;
    const m = /^(["']?)([A-Za-z0-9_<.-]+)\1\s*:(?:\s+(.*))?$/.exec(l.text);
    if (!m) continue;
    const key = m[2];
    const value = (m[3] ?? '').trim();
    if (key === 'image') {
      const unquoted = /^"(.*)"$/.exec(value)?.[1] ?? /^'(.*)'$/.exec(value)?.[1] ?? value;
      if (/^[&*|>]/.test(value)) problems.push(`line ${l.no}: write the image as a plain value ("image: name:tag"); anchors, aliases and block scalars are not read`);
      else current.image = unquoted;
    } else if (key === 'build') current.build = true;
    else if (key === 'extends' || key === '<<') problems.push(`line ${l.no}: "${key}" is not read by this check; give the service its image directly`);
  }
  return { services, problems };
}

/** A line without its comment, and its indentation. @param {string} raw */
function splitLine(raw) {
  let quote = '';
  let end = raw.length;
  for (let i = 0; i < raw.length; i++) {
    const ch = raw[i];
    if (quote) {
      if (ch === quote) quote = '';
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '#' && (i === 0 || /\s/.test(raw[i - 1] ?? ''))) {
      end = i;
      break;
    }
  }
  const line = raw.slice(0, end).replace(/\s+$/, '');
  const indent = line.length - line.replace(/^[ \t]+/, '').length;
  return { text: line.trim(), indent };
}

/**
 * "docker.io/library/redis:7.2-alpine@sha256:…" → { type: "redis", tag: "7.2-alpine" }
 * @param {string} image
 */
function parseImage(image) {
  const [nameTag = ''] = image.split('@');
  const slash = nameTag.lastIndexOf('/');
  const colon = nameTag.lastIndexOf(':');
  const hasTag = colon > slash;
  const name = hasTag ? nameTag.slice(0, colon) : nameTag;
  return { type: name.slice(name.lastIndexOf('/') + 1).toLowerCase(), tag: hasTag ? nameTag.slice(colon + 1) : '' };
}

/** Whether `tag` is the version `version`, or a more exact tag of it (7.2 → 7.2, 7.2.5, 7.2-alpine). @param {string} tag @param {string} version */
function tagIsVersion(tag, version) {
  return tag === version || tag.startsWith(`${version}.`) || tag.startsWith(`${version}-`);
}

test('compose.yaml runs the same type and version of each backing service as deploy/production.json', async () => {
  const dir = learnerDir();
  const manifest = JSON.parse(readFileSync(path.join(dir, MANIFEST), 'utf8'));
  /** @type {[string, { type: string, version: string }][]} */
  const wanted = Object.entries(manifest.services ?? {});
  const composeName = COMPOSE_NAMES.find((n) => existsSync(path.join(dir, n)));
  const list = wanted.map(([name, s]) => `${name}: ${s.type} ${s.version}`).join(', ');
  const expected = `for each service in ${MANIFEST} (${list}), a service of the same name in compose.yaml whose image is that type (the image's name, after any registry and namespace) with the production version as its tag, or a more exact tag of that version (7.2.5 or 7.2-alpine for 7.2). Not "latest", no missing tag, not a broader tag such as 7.`;
  const hint = 'compose.yaml: the "image:" line of each service. Production provisions what deploy/production.json names; development should run the same thing.';
  ensure(composeName, {
    observed: `There is no compose file (looked for ${COMPOSE_NAMES.join(', ')}).`,
    expected,
    hint,
  });
  const { services, problems } = readCompose(readFileSync(path.join(dir, String(composeName)), 'utf8'));
  ensure(problems.length === 0, {
    observed: `${composeName} could not be read by this check: ${problems.join('; ')}.`,
    expected: `${composeName} in the plain form the check reads: a top-level "services:" block, each service a block with an "image: name:tag" line (quotes and comments are fine). JSON works too.`,
    hint,
  });
  /** @type {string[]} */
  const mismatches = [];
  for (const [name, { type, version }] of wanted) {
    const service = services.get(name);
    if (!service) {
      mismatches.push(`${composeName} has no service "${name}" (it has: ${[...services.keys()].join(', ') || 'none'}), so development runs no ${type} at all.`);
      continue;
    }
    if (!service.image) {
      mismatches.push(`The service "${name}" has no image${service.build ? ' (it is built from a Dockerfile)' : ''}: the check cannot tell its type and version.`);
      continue;
    }
    if (/\$\{?[A-Za-z_]/.test(service.image)) {
      mismatches.push(`The service "${name}" takes its image from a variable (${show(service.image)}): write the image and tag literally, so that every developer runs the same version.`);
      continue;
    }
    const image = parseImage(service.image);
    if (image.type !== type.toLowerCase()) {
      mismatches.push(`The service "${name}" runs ${show(service.image)}, a ${image.type}; production attaches ${type} ${version}: another type of service, with its own behaviour and its own incompatibilities.`);
    } else if (!image.tag || image.tag === 'latest') {
      mismatches.push(`The service "${name}" runs ${show(service.image)}: ${image.tag ? '"latest"' : 'with no tag, "latest"'} is whatever version is newest when a developer pulls it, not ${version}.`);
    } else if (!tagIsVersion(image.tag, version)) {
      const broader = version.startsWith(`${image.tag}.`);
      mismatches.push(`The service "${name}" runs ${show(service.image)}, ${type} ${image.tag}; production runs ${type} ${version}.${broader ? ` The tag ${image.tag} names the newest ${image.tag}.x at the time of the pull, which need not be ${version}.` : ''}`);
    }
  }
  ensure(mismatches.length === 0, {
    observed: mismatches.join('\n'),
    expected,
    hint,
  });
});
