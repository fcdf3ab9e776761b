// Hidden checks for exercise 04, backing services. Behaviour only: each check
// starts its own key-value stores (HTTP stubs that want a bearer token, a new
// random one per store and run), starts the learner's app (`node server.js`) with
// a chosen environment, talks to it over HTTP, and looks at which store received
// what. A store's location and token can only reach the app through
// LINKS_STORE_URL and LINKS_STORE_TOKEN: the stores listen on ports the OS picks
// and their tokens are random, so nothing written in the code can find them.
// (This file runs from <root>/hidden/tests/, so the harness is ../_harness/.)
//
// All checks run at the same time (concurrently()): each has its own stores and
// its own app processes on their own ports. What they could still share is files:
// an app that keeps links in a local file (a cache, a fallback) would read and
// rewrite the same file from the apps of several checks, and one app's rewrite
// could erase what another check's app wrote. Only "restarted with another store"
// depends on what an app finds in such a file (a link written before the restart),
// so its two starts run in a private copy of the learner's files; in every other
// check a file shared with other apps can add or remove links only under codes
// drawn at random per check, which no verdict depends on.
import { randomBytes } from 'node:crypto';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  concurrently,
  crashSummary,
  describeExit,
  ensure,
  expectListening,
  fail,
  freePort,
  request,
  show,
  startApp,
  learnerDir,
  startStub,
  test,
} from '../_harness/index.mjs';
import { expectRefusesWithout as refusesWithout } from '../_harness/checks/backing-services.mjs';

const COMMAND = ['node', 'server.js'];
/** How long the app gets to start listening, or to stop with an error. */
const READY_MS = 5000;
/** Long enough for an app with its own store time-out (a few seconds), short enough to fit in a check. */
const REQUEST_MS = 4000;
const STORE_HINT = 'links.js (and config.js): every request to the store must be built from LINKS_STORE_URL and carry "Authorization: Bearer " followed by LINKS_STORE_TOKEN.';

/** @param {number} bytes */
const random = (bytes = 4) => randomBytes(bytes).toString('hex');

/**
 * @typedef {object} StoreCall
 * @property {string} method
 * @property {string} path
 * @property {number} status   what the store answered
 * @property {string} auth     the Authorization header the app sent ('' when none)
 */

/**
 * A links store: the key-value API of the lesson (GET/PUT/DELETE /keys/<key>,
 * GET /keys) behind a bearer token. `failing` makes it answer 503 to everything,
 * close() makes it unreachable.
 * @param {import('node:test').TestContext} t
 * @param {string} name  "A", "B", … as messages call it
 * @param {Record<string, string>} [initial]
 */
async function startLinksStore(t, name, initial = {}) {
  const token = `kv-${name.toLowerCase()}-${random(8)}`;
  const data = new Map(Object.entries(initial));
  /** @type {StoreCall[]} */
  const calls = [];
  const state = { failing: false };
  const stub = await startStub(t, (req, send) => {
    const path = req.path.split('?')[0] ?? '/';
    /** @param {number} status @param {unknown} [body] */
    const answer = (status, body) => {
      calls.push({ method: req.method, path, status, auth: String(req.headers.authorization ?? '') });
      send(status, body);
    };
    if (req.headers.authorization !== `Bearer ${token}`) return answer(401, { error: 'missing or wrong token' });
    if (state.failing) return answer(503, { error: 'the store is failing' });
    if (path === '/keys' && req.method === 'GET') return answer(200, [...data.keys()]);
    const m = /^\/keys\/(.+)$/.exec(path);
    if (!m?.[1]) return answer(404, { error: 'use /keys/<key>' });
    let key;
    try {
      key = decodeURIComponent(m[1]);
    } catch {
      return answer(400, { error: 'bad key' });
    }
    if (req.method === 'GET') return data.has(key) ? answer(200, data.get(key)) : answer(404, { error: `no key ${key}` });
    if (req.method === 'PUT') {
      data.set(key, req.body);
      return answer(204);
    }
    if (req.method === 'DELETE') {
      data.delete(key);
      return answer(204);
    }
    return answer(405, { error: 'GET, PUT or DELETE' });
  });
  return {
    name,
    url: stub.url,
    token,
    data,
    calls,
    state,
    close: stub.close,
    env: { LINKS_STORE_URL: stub.url, LINKS_STORE_TOKEN: token },
  };
}
/** @typedef {Awaited<ReturnType<typeof startLinksStore>>} LinksStore */

/** The variables every start gets besides the store's (factors VII and III). @param {number} port */
function baseEnv(port) {
  return { PORT: String(port), PUBLIC_URL: 'https://sho.example.test', ADMIN_TOKEN: `admin-${random(6)}` };
}

/** Whether the store holds `url` under `code` (the long URL as the value; whitespace around it tolerated). */
function holds(/** @type {LinksStore} */ store, /** @type {string} */ code, /** @type {string} */ url) {
  return store.data.get(code)?.trim() === url;
}

/** "GET /keys/x → 401, PUT /keys/y → 204" (at most a few). @param {StoreCall[]} calls */
function listCalls(calls) {
  const shown = calls.slice(0, 4).map((c) => `${c.method} ${c.path} → ${c.status}`);
  return shown.join(', ') + (calls.length > 4 ? `, and ${calls.length - 4} more` : '');
}

/**
 * When the store refused every request for want of its token: what the app sent instead.
 * @param {LinksStore} store @param {StoreCall[]} calls
 */
function tokenProblem(store, calls) {
  if (!calls.length || !calls.every((c) => c.status === 401)) return '';
  const sent = [...new Set(calls.map((c) => c.auth))];
  const what = sent.every((a) => !a)
    ? 'no Authorization header'
    : `Authorization: ${sent.map((a) => show(a)).join(' / ')}`;
  const refused = calls.length === 1 ? "your app's only request" : `all ${calls.length} of your app's requests`;
  return `Store ${store.name} refused ${refused} with 401 Unauthorized: ${calls.length === 1 ? 'it' : 'they'} carried ${what}, not "Bearer " and the token given in LINKS_STORE_TOKEN.`;
}

/**
 * Starts the app attached to `store` and waits until it answers on its port.
 * @param {import('node:test').TestContext} t @param {LinksStore} store @param {string} [label]
 * @param {string} [cwd]  a private copy of the learner's files (default: the learner's folder)
 */
async function startAttached(t, store, label, cwd) {
  const port = await freePort();
  const app = await startApp(t, { command: COMMAND, env: { ...baseEnv(port), ...store.env }, label: label ?? `attached to store ${store.name}`, ...(cwd ? { cwd } : {}) });
  await expectListening(app, port, {
    timeoutMs: READY_MS,
    expected: `with PORT, PUBLIC_URL, ADMIN_TOKEN, LINKS_STORE_URL and LINKS_STORE_TOKEN all set, Shortlinks starts and answers on port ${port} (PORT) within ${READY_MS / 1000} s.`,
    hint: 'server.js and config.js: the app must start when every variable is set. If it stopped, its output above says why.',
  });
  return { app, port };
}

/**
 * One request to the app; a missing answer fails the check with what became of the app.
 * @param {{ app: import('../_harness/index.mjs').App, port: number }} target
 * @param {string} method @param {string} path @param {unknown} [json]
 */
async function call({ app, port }, method, path, json) {
  try {
    return await request({
      port,
      method,
      path,
      timeoutMs: REQUEST_MS,
      ...(json === undefined ? {} : { body: JSON.stringify(json), headers: { 'content-type': 'application/json' } }),
    });
  } catch (err) {
    await new Promise((r) => setTimeout(r, 100));
    const crash = !app.running && app.exitStatus ? ` Your app ${describeExit(app.exitStatus)}${crashSummary(app.stderr()) ? `: ${crashSummary(app.stderr())}` : '.'}` : '';
    return fail({
      observed: `${/** @type {Error} */ (err).message}${crash}`,
      expected: `Shortlinks answers every request, within ${REQUEST_MS / 1000} s, and keeps running.`,
      hint: "links.js: a request to the store that fails must end in an error thrown to app.js (which answers 503), not in a crash or a request that never ends. With node:http, listen for the request's 'error' event; AbortSignal.timeout() bounds a fetch().",
    });
  }
}

/** "201 {"code":…}" for messages. @param {import('../_harness/index.mjs').HttpResponse} res */
function answer(res) {
  const location = res.headers.location ? ` to ${res.headers.location}` : '';
  return `${res.status}${location}${res.body ? ` ${show(res.body.length > 160 ? `${res.body.slice(0, 159)}…` : res.body)}` : ''}`;
}

/**
 * Starts the app with every variable but `missing`, and expects it to stop at once, naming it
 * (the check is shared with the capstone: ../_harness/checks/backing-services.mjs).
 * @param {import('node:test').TestContext} t @param {'LINKS_STORE_URL' | 'LINKS_STORE_TOKEN'} missing
 */
async function expectRefusesWithout(t, missing) {
  // A live store, so that an app that tries its store at start-up gets as far as noticing what is missing.
  const store = await startLinksStore(t, 'A');
  const { PORT: _port, ...env } = { ...baseEnv(0), ...store.env };
  await refusesWithout(t, {
    missing,
    env,
    kind: missing === 'LINKS_STORE_URL' ? 'location' : 'credential',
    what: missing === 'LINKS_STORE_URL' ? 'where the links store is' : 'the token of the links store',
    command: COMMAND,
  });
}

concurrently(() => {
  test('keeps its links in the store at LINKS_STORE_URL, with the token in LINKS_STORE_TOKEN', { timeoutMs: 15_000 }, async (t) => {
    const seed = { code: `seed-${random()}`, url: `https://a.example.test/seeded/${random()}` };
    const created = { code: `new-${random()}`, url: `https://example.test/a/long/path/${random()}` };
    const store = await startLinksStore(t, 'A', { [seed.code]: seed.url });
    const target = await startAttached(t, store);

    const post = await call(target, 'POST', '/links', { url: created.url, code: created.code });
    const wrote = store.calls.slice();
    const noCalls = {
      observed: `Your app answered POST /links with ${answer(post)}, but the store at LINKS_STORE_URL (store A, ${store.url}) received no request at all. The link went somewhere else: a store at an address written in the code, or the process's memory.`,
      expected: 'every link is written to, and read from, the store whose URL the deploy gives in LINKS_STORE_URL. The code makes no assumption about where the store runs.',
      hint: STORE_HINT,
    };
    ensure(wrote.length > 0, noCalls);
    const refused = tokenProblem(store, wrote);
    ensure(!refused, { observed: `${refused} Your app answered POST /links with ${answer(post)}.`, expected: 'the app authenticates to the store with the credentials the deploy gives it, LINKS_STORE_TOKEN: they are part of the resource handle, like the URL.', hint: STORE_HINT });
    ensure(post.status === 201 && holds(store, created.code, created.url), () => ({
      observed: `POST /links with code ${created.code} answered ${answer(post)}. Store A received ${listCalls(wrote)}, and ${store.data.has(created.code) ? `holds ${show(store.data.get(created.code))} under ${created.code}` : `holds no key ${created.code}`}.${
        wrote.some((c) => c.method !== 'GET') ? '' : ' Your app read from store A but never wrote to it: its writes go somewhere else.'
      }`,
      expected: `201, and store A holds the key ${created.code} with the long URL as its value (the format links.js already uses).`,
      hint: 'links.js, addLink(): PUT /keys/<code> with the long URL as the body, to the store at LINKS_STORE_URL.',
    }));

    const get = await call(target, 'GET', `/${seed.code}`);
    ensure(get.status === 302 && get.headers.location === seed.url, {
      observed: `Store A holds the link ${seed.code} → ${seed.url}, but GET /${seed.code} answered ${answer(get)}.`,
      expected: `a redirect (302) to ${seed.url}: links are read from the attached store, so a link another instance saved, or one restored from a backup, is found.`,
      hint: 'links.js, findLink(): GET /keys/<code> from the store at LINKS_STORE_URL.',
    });

    const list = await call(target, 'GET', '/links');
    const listed = /** @type {Record<string, unknown> | undefined} */ (list.json());
    ensure(list.status === 200 && listed?.[seed.code] === seed.url && listed?.[created.code] === created.url, {
      observed: `Store A holds ${seed.code} and ${created.code}, but GET /links answered ${answer(list)}.`,
      expected: 'GET /links lists the links of the attached store, both of them.',
      hint: 'links.js, allLinks(): GET /keys from the store at LINKS_STORE_URL, then each link.',
    });
  });

  test('restarted with another store in its environment, uses that store only', { timeoutMs: 15_000 }, async (t) => {
    const onlyA = { code: `only-a-${random()}`, url: `https://a.example.test/${random()}` };
    const onlyB = { code: `only-b-${random()}`, url: `https://b.example.test/${random()}` };
    const viaA = { code: `via-a-${random()}`, url: `https://example.test/written/through/a/${random()}` };
    const viaB = { code: `via-b-${random()}`, url: `https://example.test/written/through/b/${random()}` };
    const a = await startLinksStore(t, 'A', { [onlyA.code]: onlyA.url });
    const b = await startLinksStore(t, 'B', { [onlyB.code]: onlyB.url });

    // Both starts in one private copy of the learner's files: whatever the first start leaves
    // on disk, the second finds, and no app of another check can change it.
    const copy = mkdtempSync(path.join(process.env.TFC_SCRATCH_DIR || tmpdir(), 'tfc-04-restart-'));
    t.after(() => rmSync(copy, { recursive: true, force: true }));
    cpSync(learnerDir(), copy, { recursive: true });

    // First deploy: attached to A.
    const first = await startAttached(t, a, 'first start, attached to store A', copy);
    const postA = await call(first, 'POST', '/links', { url: viaA.url, code: viaA.code });
    ensure(postA.status === 201 && holds(a, viaA.code, viaA.url), () => ({
      observed: `Started with store A's URL and token, your app answered POST /links with ${answer(postA)}, and store A ${a.calls.length ? `received ${listCalls(a.calls)}` : 'received no request'}. ${tokenProblem(a, a.calls)}`.trim(),
      expected: 'the link is saved in the store named by LINKS_STORE_URL (see the first check).',
      hint: STORE_HINT,
    }));
    await first.app.stop();
    const callsToA = a.calls.length;

    // Same code, new environment: attached to B.
    const second = await startAttached(t, b, 'restarted, attached to store B', copy);
    const getB = await call(second, 'GET', `/${onlyB.code}`);
    const postB = await call(second, 'POST', '/links', { url: viaB.url, code: viaB.code });
    const getA = await call(second, 'GET', `/${viaA.code}`);
    const list = await call(second, 'GET', '/links');

    const later = a.calls.slice(callsToA);
    ensure(later.length === 0, {
      observed: `After the restart with store B's URL and token in its environment, your app still sent store A ${later.length} request(s): ${listCalls(later)}.`,
      expected: 'a deploy uses the store its config names, and only that one: when LINKS_STORE_URL changes, the old store is detached and receives nothing more.',
      hint: `${STORE_HINT} Look for an address kept from an earlier start (a file, a default) or written in the code.`,
    });
    const refused = tokenProblem(b, b.calls);
    ensure(!refused, { observed: `After the restart: ${refused}`, expected: 'the app authenticates with the token of the store it is attached to now.', hint: STORE_HINT });
    ensure(postB.status === 201 && holds(b, viaB.code, viaB.url), () => ({
      observed: `After the restart with store B, POST /links answered ${answer(postB)}, and store B ${b.data.has(viaB.code) ? `holds ${show(b.data.get(viaB.code))} under ${viaB.code}` : `holds no key ${viaB.code}`}${b.calls.length ? '' : ' (it received no request at all)'}.`,
      expected: 'new links go to the store the deploy is attached to now, B, with no code change.',
      hint: STORE_HINT,
    }));
    ensure(getB.status === 302 && getB.headers.location === onlyB.url, {
      observed: `Store B holds ${onlyB.code} → ${onlyB.url}, but after the restart GET /${onlyB.code} answered ${answer(getB)}.`,
      expected: 'the app finds the links of the store it is attached to now.',
      hint: 'links.js, findLink(): read from the store at LINKS_STORE_URL.',
    });
    ensure(getA.status === 404, {
      observed: `${viaA.code} was saved in store A, which is no longer attached; store B does not hold it. Yet after the restart with store B, GET /${viaA.code} answered ${answer(getA)}.`,
      expected: '404: the links are in the attached store and nowhere else. A copy kept outside the store (in a file, in another store) is state the deploy did not choose, and it is not swapped with the store.',
      hint: 'links.js: keep no copy of the links outside the store; read them from the store at LINKS_STORE_URL every time.',
    });
    const listed = /** @type {Record<string, unknown> | undefined} */ (list.json());
    ensure(list.status === 200 && listed?.[onlyB.code] === onlyB.url && !(onlyA.code in (listed ?? {})) && !(viaA.code in (listed ?? {})), {
      observed: `After the restart with store B, GET /links answered ${answer(list)}.`,
      expected: `the links of store B (${onlyB.code} among them), and none of store A's.`,
      hint: 'links.js, allLinks(): list the store at LINKS_STORE_URL.',
    });
  });

  test('answers with an error status, never a success, when the store fails or cannot be reached', { timeoutMs: 15_000 }, async (t) => {
    const store = await startLinksStore(t, 'S');
    const target = await startAttached(t, store);
    const link = (/** @type {string} */ code) => ({ url: `https://example.test/while/the/store/is/down/${random()}`, code });

    // 1. The store answers, with errors (503 to everything).
    // (Each pair at the same time: an app that retries the store a few times before giving up is slow, not wrong.)
    store.state.failing = true;
    const [postFailing, getFailing] = await Promise.all([
      call(target, 'POST', '/links', link(`down-${random()}`)),
      call(target, 'GET', `/missing-${random()}`),
    ]);
    // 2. The store is gone: nothing listens at LINKS_STORE_URL any more.
    await store.close();
    const [postGone, getGone] = await Promise.all([
      call(target, 'POST', '/links', link(`gone-${random()}`)),
      call(target, 'GET', `/missing-${random()}`),
    ]);

    const hint = 'links.js: when a request to the store fails (fetch() throws, or the store answers an error status), throw an Error. app.js turns it into 503. No fallback that keeps links in memory, no catch that ignores the error.';
    const cases = [
      { res: postFailing, what: 'POST /links', when: 'the store answered 503 Service Unavailable to every request' },
      { res: postGone, what: 'POST /links', when: 'nothing listened at LINKS_STORE_URL any more (the store was unreachable)' },
    ];
    for (const { res, what, when } of cases) {
      ensure(res.status >= 500 && res.status < 600, {
        observed: `While ${when}, your app answered ${what} with ${answer(res)}.${res.status >= 200 && res.status < 300 ? ' That tells the user the link is saved, but the store never got it: it is lost (at the latest at the next restart), and other instances never see it.' : ''}`,
        expected: 'an error status (5xx, e.g. 503 with a JSON error): a backing service that fails or is detached is reported, never papered over with a local substitute.',
        hint,
      });
    }
    const reads = [
      { res: getFailing, when: 'the store answered 503 Service Unavailable to every request' },
      { res: getGone, when: 'the store was unreachable' },
    ];
    for (const { res, when } of reads) {
      ensure(res.status >= 500 && res.status < 600, {
        observed: `While ${when}, your app answered GET for a short code with ${answer(res)}.${res.status === 404 ? ' "Not found" is a guess: the app could not ask the store.' : ''}`,
        expected: 'an error status (5xx): a link that does not exist and a store that does not answer are different problems, and the user (and your monitoring) must be able to tell them apart.',
        hint: 'links.js, findLink(): only a 404 from the store means "no such link"; any other failure must throw.',
      });
    }
    const health = await call(target, 'GET', '/health');
    ensure(health.status === 200, {
      observed: `After the store failed, GET /health answered ${answer(health)}.`,
      expected: 'the app keeps running and answering while its backing service is away, so that it serves again as soon as the store is back (or another one is attached).',
      hint,
    });
  });

  test('without LINKS_STORE_URL, stops at start-up with an error that names it', async (t) => {
    await expectRefusesWithout(t, 'LINKS_STORE_URL');
  });

  test('without LINKS_STORE_TOKEN, stops at start-up with an error that names it', async (t) => {
    await expectRefusesWithout(t, 'LINKS_STORE_TOKEN');
  });
});
