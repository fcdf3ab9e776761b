// Factor VI, processes: the checks of exercise 06, shared with the capstone.
// Declared by declareProcessesChecks(options); exercise 06's hidden test file calls it
// with no options and keeps exactly its behaviour.
//
// Exercise 06's checks. Behaviour only: each check starts
// the learner's app (`node server.js`) as real processes, the way a platform
// runs several instances of one app, all pointed at one key-value store stub
// (STORE_URL), and talks to them over HTTP. No load balancer and no sticky
// routing: the checks choose which instance gets each request.
//
// Each process gets its own, new, empty temporary folder (TMPDIR, which Node's
// os.tmpdir() returns), removed at the end of the run: a file there is a cache
// that the next process, or the other instance, never sees. That is the one
// place the app may write.
//
// Which checks run at the same time (concurrently()), and why. The four checks
// in the group each start their own store and their own instances, on ports of
// their own, so a stateless app gives the same verdicts whether or not they
// overlap. Only an app that keeps state in files (which the instances of every
// check share, being in one folder on one machine) could see another check's
// writes; such an app fails the two checks that run alone, after the group,
// whatever the group's verdicts are:
// - "keeps no state of its own" runs alone because it looks for exactly that
//   kind of state (a file read back after a restart), which overlapping checks
//   writing the same file could hide;
// - "writes nothing to its own folder" runs last, after all the traffic of the
//   run, and compares the folder with a snapshot taken before any app started.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  concurrently,
  crashSummary,
  describeExit,
  ensure,
  expectListening,
  fail,
  freePort,
  learnerDir,
  request,
  show,
  startApp,
  snapshotTree,
  startKeyValueStub,
  test,
  treeChanges,
} from '../index.mjs';

const READY_MS = 5000;
/** Per check: up to four app starts and some twenty requests, on a machine that may be busy. */
const CHECK_MS = 20_000;
const REDIRECT_HINT = 'app.js, where GET /:code looks up the link';

/**
 * @typedef {object} ProcessesOptions
 * @property {string[]} [command]  how an instance is started (default node server.js)
 * @property {(t: import('node:test').TestContext) => Promise<Record<string, string>>} [env]
 *   variables every instance gets besides PORT, STORE_URL and TMPDIR (default none)
 * @property {string} [prefix]  put before every check name, e.g. "Factor VI — Processes › "
 * @property {string} [tmpPrefix]  name prefix of the folder holding the instances' TMPDIRs
 */

/**
 * Declares the processes checks (call it at the top level of a hidden test file, once).
 * It snapshots the learner's folder when called: before any app of the file runs.
 * @param {ProcessesOptions} [options]
 */
export function declareProcessesChecks(options = {}) {
  const COMMAND = options.command ?? ['node', 'server.js'];
  const extraEnv = options.env ?? (async () => ({}));
  const prefix = options.prefix ?? '';
  /** @type {typeof test} */
  const check = (name, ...rest) => test(`${prefix}${name}`, ...rest);

  // ── local disk: a snapshot of the learner's folder before any app runs ─────────

  const TMP_ROOT = mkdtempSync(path.join(process.env.TFC_SCRATCH_DIR || os.tmpdir(), options.tmpPrefix ?? 'tfc-06-tmpdirs-'));
  process.once('exit', () => rmSync(TMP_ROOT, { recursive: true, force: true }));

  /** Every file of the learner's folder (node_modules, .git and the instances' temp folders aside) → mtime and content hash. */
  function snapshot() {
    const dir = learnerDir();
    return snapshotTree(dir, {
      times: true,
      skip: (rel) => ['node_modules', '.git'].includes(path.basename(rel)) || path.join(dir, rel).startsWith(TMP_ROOT),
    });
  }
  const FOLDER_BEFORE = snapshot();
  /** Set once some instance has logged a user in, created a link and redirected it: the app really ran. */
  let trafficSeen = false;

  // ── instances ──────────────────────────────────────────────────────────────────

  /**
   * @typedef {object} Instance
   * @property {import('../_harness/index.mjs').App} app
   * @property {number} port
   * @property {string} name   "instance A"
   */

  /**
   * Starts one instance on a free port with the store's URL and a new, empty TMPDIR.
   * @param {import('node:test').TestContext} t
   * @param {{ url: string }} store
   * @param {string} name
   * @returns {Promise<Instance>}
   */
  async function startInstance(t, store, name) {
    const port = await freePort();
    const tmp = mkdtempSync(path.join(TMP_ROOT, 'p-'));
    const app = await startApp(t, { command: COMMAND, env: { ...(await extraEnv(t)), PORT: String(port), STORE_URL: store.url, TMPDIR: tmp }, label: name });
    await expectListening(app, port, {
      timeoutMs: READY_MS,
      expected: `${name} of Shortlinks, started with PORT=${port} and STORE_URL=${store.url}, listens on port ${port} within ${READY_MS / 1000} s.`,
      hint: 'server.js: it reads PORT and STORE_URL, creates the app and listens. Start it yourself with the same variables to see what happens.',
    });
    return { app, port, name };
  }

  /** Starts instances A and B at the same time against one store. */
  function startPair(t, store, suffix = '') {
    return Promise.all([startInstance(t, store, `instance A${suffix}`), startInstance(t, store, `instance B${suffix}`)]);
  }

  /**
   * One HTTP request to an instance; a broken connection or a crash fails the check with a plain message.
   * @param {Instance} inst
   * @param {string} method
   * @param {string} urlPath
   * @param {{ json?: unknown, cookie?: string }} [options]
   */
  async function call(inst, method, urlPath, { json, cookie } = {}) {
    /** @type {Record<string, string>} */
    const headers = {};
    if (json !== undefined) headers['content-type'] = 'application/json';
    if (cookie) headers.cookie = cookie;
    let res;
    try {
      res = await request({ port: inst.port, method, path: urlPath, headers, body: json === undefined ? undefined : JSON.stringify(json), timeoutMs: 3000 });
    } catch (err) {
      const status = inst.app.exitStatus;
      const crash = status ? ` ${cap(inst.name)} ${describeExit(status)}${crashSummary(inst.app.stderr()) ? `: ${crashSummary(inst.app.stderr())}` : ''}.` : '';
      return fail({
        observed: `${cap(inst.name)} did not answer ${method} ${urlPath}: ${err instanceof Error ? err.message : String(err)}${crash}`,
        expected: 'every instance answers every request, whichever instance handled the requests before it.',
        hint: 'the output of the instance, below. Reading or writing the store must not crash the process.',
      });
    }
    const answer = res;
    ensure(answer.status < 500, () => ({
      observed: `${cap(inst.name)} answered ${method} ${urlPath} with ${answer.status} ${show(answer.body)}: an error inside the app.`,
      expected: 'an answer to the request. None of these requests should fail: the store is up the whole time.',
      hint: 'the output of the instance, below, for the error. Common causes: a value read from the store that is not what the code expects (JSON.parse of plain text, say), or a local file that several processes read and write at the same time.',
    }));
    return answer;
  }

  /** @param {string} s */
  const cap = (s) => s.charAt(0).toUpperCase() + s.slice(1);

  /** The name=value pairs of a response's Set-Cookie headers, ready to send back as a Cookie header. */
  function cookieOf(res) {
    const raw = res.headers['set-cookie'];
    const list = Array.isArray(raw) ? raw : raw ? [String(raw)] : [];
    return list
      .map((c) => c.split(';')[0]?.trim() ?? '')
      .filter((pair) => /^[^=]+=.+/.test(pair))
      .join('; ');
  }

  /** A fresh user name and short code per check, so nothing collides. */
  function fresh() {
    const id = randomBytes(3).toString('hex');
    return { user: `ada-${id}`, code: `t6-${id}`, url: `https://example.org/${id}/a/very/long/path` };
  }

  /** POST /login on `inst`; returns the session cookie. */
  async function login(inst, user) {
    const res = await call(inst, 'POST', '/login', { json: { user } });
    const cookie = cookieOf(res);
    ensure(res.status >= 200 && res.status < 300 && cookie, () => ({
      observed: `POST /login {"user":"${user}"} on ${inst.name} answered ${res.status}${cookie ? '' : ' without a session cookie (no Set-Cookie header)'}: ${show(res.body)}`,
      expected: 'status 200 and a Set-Cookie header with the session id, as the starter does.',
      hint: 'app.js, the POST /login route: keep its answer, change only where the session is kept.',
    }));
    return cookie;
  }

  /** POST /links on `inst` with a session; fails unless 201. */
  async function createLink(inst, cookie, code, url, context = '') {
    const res = await call(inst, 'POST', '/links', { json: { url, code }, cookie });
    ensure(res.status === 201 || res.status === 200, () => ({
      observed: `${context}POST /links {"code":"${code}", …} on ${inst.name}, with the session cookie, answered ${res.status}: ${show(res.body)}`,
      expected: 'status 201: a logged-in user creates a link, as in the starter.',
      hint: res.status === 401 ? 'app.js, where POST /links finds the session: the session must be found wherever it was created.' : 'app.js, the POST /links route.',
    }));
  }

  /** GET /:code on `inst`; returns the response. */
  async function follow(inst, code) {
    const res = await call(inst, 'GET', `/${code}`);
    if (isRedirect(res)) trafficSeen = true;
    return res;
  }

  /** GET /links/:code on `inst`: the link's stats. */
  async function stats(inst, code) {
    return call(inst, 'GET', `/links/${code}`);
  }

  /** A redirect: 301, 302, 303, 307 or 308 with a Location header (the starter answers 302). */
  function isRedirect(res) {
    return [301, 302, 303, 307, 308].includes(res.status) && typeof res.headers.location === 'string';
  }

  /** A click count as a number, from 5 or "5"; NaN for anything else. */
  function clicksOf(res) {
    const value = res.status === 200 ? res.json()?.clicks : undefined;
    return typeof value === 'number' || (typeof value === 'string' && value.trim() !== '') ? Number(value) : NaN;
  }

  /** "302 to https://…" / "404 {…}" */
  function said(res) {
    return isRedirect(res) ? `${res.status} to ${show(res.headers.location)}` : `${res.status} ${show(res.body)}`;
  }

  /**
   * Fails unless a redirect went to `url`.
   * @param {{ status: number, headers: Record<string, unknown>, body: string }} res
   */
  function expectRedirect(res, inst, code, url, { observedPrefix = '', expected = '', hint = REDIRECT_HINT } = {}) {
    ensure(isRedirect(res) && res.headers.location === url, () => ({
      observed: `${observedPrefix}GET /${code} on ${inst.name} answered ${said(res)}.`,
      expected: expected || `a redirect (the starter answers 302) to ${url}, whichever instance created the link.`,
      hint,
    }));
  }

  // ── the checks ────────────────────────────────────────────────────────────────

  concurrently(() => {
    check('a link created through one instance works through another', { timeoutMs: CHECK_MS }, async (t) => {
      const store = await startKeyValueStub(t);
      const [a, b] = await startPair(t, store);
      const { user, code, url } = fresh();
      const cookieA = await login(a, user);
      await createLink(a, cookieA, code, url);

      const res = await follow(b, code);
      expectRedirect(res, b, code, url, {
        observedPrefix: `Instances A and B were started, both with STORE_URL=${store.url}. A link ${code} was then created through instance A. `,
        expected: `instance B redirects to ${url}. Both instances share nothing but the store, so the link must be there, and B must look for it there: a process never assumes that what it loaded into memory earlier is still complete.`,
        hint: `${REDIRECT_HINT}. Read the link from the store when the request comes, not from a Map filled at start-up.`,
      });

      const list = await call(b, 'GET', '/links');
      ensure(list.status === 200 && list.json()?.[code] === url, () => ({
        observed: `GET /links on instance B answered ${list.status} ${show(list.body)}, without the link ${code} created through instance A.`,
        expected: `the list contains "${code}": "${url}", read from the store.`,
        hint: 'app.js, the GET /links route: list the links from the store (store.keys).',
      }));

      // The code is taken everywhere, not only on the instance that took it.
      const cookieB = await login(b, user);
      const again = await call(b, 'POST', '/links', { json: { url: 'https://example.org/another', code }, cookie: cookieB });
      ensure(again.status === 409, () => ({
        observed: `The code ${code} was taken through instance A. Asked for the same code, instance B answered ${again.status} ${show(again.body)}.`,
        expected: 'status 409: instance B sees in the store that the code is taken. Otherwise two instances can hand out one code for two different URLs.',
        hint: 'app.js, where POST /links checks whether the code is free: ask the store.',
      }));
    });

    check('a session started on one instance is valid on every instance (no sticky sessions)', { timeoutMs: CHECK_MS }, async (t) => {
      const store = await startKeyValueStub(t);
      const [a, b] = await startPair(t, store);
      const { user, code, url } = fresh();
      const cookie = await login(a, user);

      const meA = await call(a, 'GET', '/me', { cookie });
      ensure(meA.status === 200 && meA.json()?.user === user, () => ({
        observed: `${user} logged in on instance A; GET /me on instance A, with the session cookie, answered ${meA.status} ${show(meA.body)}.`,
        expected: `status 200 and {"user":"${user}"} on the instance that created the session, as in the starter.`,
        hint: 'app.js: POST /login and GET /me (currentUser).',
      }));

      const meB = await call(b, 'GET', '/me', { cookie });
      ensure(meB.status === 200 && meB.json()?.user === user, () => ({
        observed: `${user} logged in on instance A. The next request, GET /me with the same cookie, went to instance B, which answered ${meB.status} ${show(meB.body)}.`,
        expected: `status 200 and {"user":"${user}"}. Any instance may get a user's next request: a session kept in one process's memory only works if the router always sends that user back to the same process ("sticky sessions"), which a twelve-factor app never relies on. Keep sessions in the store.`,
        hint: 'app.js, where a session is created (POST /login) and where it is looked up (currentUser): both must use the store. If you sign the cookie, every instance must use the same secret.',
      }));

      await createLink(b, cookie, code, url, `${user} logged in on instance A. `);

      const out = await call(b, 'POST', '/logout', { cookie });
      ensure(out.status >= 200 && out.status < 400, () => ({
        observed: `POST /logout on instance B answered ${out.status} ${show(out.body)}.`,
        expected: 'status 204, as in the starter.',
        hint: 'app.js, the POST /logout route.',
      }));
      const [afterA, afterB] = [await call(a, 'GET', '/me', { cookie }), await call(b, 'GET', '/me', { cookie })];
      const stillIn = [afterA.status === 200 && 'instance A', afterB.status === 200 && 'instance B'].filter(Boolean);
      ensure(stillIn.length === 0, () => ({
        observed: `${user} logged in on instance A and logged out through instance B. After that, GET /me with the old cookie still answered 200 on ${stillIn.join(' and ')}.`,
        expected: 'status 401 on both instances: the logout removes the session from the store, and no instance keeps its own copy of it. A copy in memory is a cache that never learns what other processes did.',
        hint: 'app.js: POST /logout deletes the session in the store; currentUser reads the store on every request, without a Map in front of it.',
      }));
    });

    check('clicks counted through two instances add up', { timeoutMs: CHECK_MS }, async (t) => {
      const store = await startKeyValueStub(t);
      const [a, b] = await startPair(t, store);
      const { user, code, url } = fresh();
      await createLink(a, await login(a, user), code, url);

      const order = [a, b, a, b, b];
      for (const inst of order) {
        const res = await follow(inst, code);
        expectRedirect(res, inst, code, url, {
          observedPrefix: `The link ${code} was created through instance A. `,
          hint: `${REDIRECT_HINT}: every instance must find the link in the store.`,
        });
      }
      const counted = [];
      for (const inst of [a, b]) {
        const res = await stats(inst, code);
        counted.push(`${inst.name} said ${res.status === 200 ? `"clicks": ${show(res.json()?.clicks)}` : `${res.status} ${show(res.body)}`}`);
        if (clicksOf(res) !== order.length) {
          fail({
            observed: `The link ${code} was followed ${order.length} times, through instances A, B, A, B, B (3 redirects by B, 2 by A), and only then GET /links/${code} was asked: ${counted.join('; ')}.`,
            expected: `"clicks": ${order.length} on both instances. A count kept in one process's memory (or in its own file) sees only that process's clicks, and is lost when it restarts. Count in the store, before answering the redirect.`,
            hint: 'app.js: where GET /:code counts a click, and where GET /links/:code reads the count. Read the count from the store, add one, write it back; no Map, no file, no "save later".',
          });
        }
      }
    });

    check('links, clicks and sessions survive a restart of every instance', { timeoutMs: CHECK_MS }, async (t) => {
      const store = await startKeyValueStub(t);
      const [a, b] = await startPair(t, store);
      const { user, code, url } = fresh();
      const cookie = await login(a, user);
      await createLink(a, cookie, code, url);
      for (const inst of [a, a, b]) expectRedirect(await follow(inst, code), inst, code, url, { observedPrefix: 'Before the restart: ' });

      // A platform restarts processes without asking (a deploy, a config change, a move to another machine).
      await Promise.all([a.app.stop(), b.app.stop()]);
      // B comes back on a copy of the store at a new address (as after moving the store): what it
      // finds there can only come from the store, not from anything the app kept aside.
      const copy = await startKeyValueStub(t, Object.fromEntries(store.data));
      const [a2, b2] = await Promise.all([startInstance(t, store, 'instance A (restarted)'), startInstance(t, copy, 'instance B (restarted on a copy of the store)')]);

      const lost = [];
      const counted = await stats(a2, code);
      if (clicksOf(counted) !== 3) {
        lost.push(`GET /links/${code} on instance A answered ${counted.status} ${counted.status === 200 ? `"clicks": ${show(counted.json()?.clicks)}` : show(counted.body)}, not "clicks": 3`);
      }
      const target = await follow(b2, code);
      if (!(isRedirect(target) && target.headers.location === url)) lost.push(`GET /${code} on instance B answered ${said(target)}, not a redirect to ${url}`);
      const me = await call(b2, 'GET', '/me', { cookie });
      if (!(me.status === 200 && me.json()?.user === user)) lost.push(`GET /me with ${user}'s cookie on instance B answered ${me.status} ${show(me.body)}: the user was logged out`);

      ensure(lost.length === 0, () => ({
        observed: `Before the restart, ${user} logged in on instance A, created the link ${code} there and followed it 3 times (twice through A, once through B). Both instances were then stopped at once (SIGKILL, as when a machine goes away) and started again: A with the same STORE_URL, B with the URL of an exact copy of the store at a new address. After the restart:\n- ${lost.join(';\n- ')}.`,
        expected: "the link, its 3 clicks and the session are all still there: they were in the store (or its copy), which the restart did not touch. A restart wipes a process's memory and, on most platforms, its local files; a process may also stop without warning, so there is no \"save on exit\".",
        hint: 'app.js: every piece of state that must outlive one request goes to the store when it changes, before the answer is sent.',
      }));
    });

  });

  check('keeps no state of its own: against an empty store, earlier links and clicks are gone', { timeoutMs: CHECK_MS }, async (t) => {
    const oldStore = await startKeyValueStub(t);
    const first = await startInstance(t, oldStore, 'the first instance');
    const { user, code, url } = fresh();
    await createLink(first, await login(first, user), code, url);
    for (let i = 0; i < 2; i++) expectRedirect(await follow(first, code), first, code, url);
    await first.app.stop();

    const emptyStore = await startKeyValueStub(t);
    const next = await startInstance(t, emptyStore, 'the instance on an empty store');
    const where = `The link ${code} was created and followed twice through one instance using one store. A new instance was then started on the same machine and in the same folder, but with STORE_URL pointing to a new, empty store.`;
    const expected = 'the new instance knows nothing of the link: a twelve-factor process keeps all state that must last in its backing services, so with an empty store there is nothing left. If it still knows the link or its clicks, they were kept somewhere else (a file, most likely), and that copy is what deploys and other machines lose.';
    const hint = 'app.js (and any file you added): state read from a file, or from any place other than the store. Look for readFile, writeFile, existsSync and paths such as data/ or /tmp.';

    const old = await follow(next, code);
    ensure(old.status === 404, () => ({ observed: `${where} GET /${code} on it answered ${said(old)}.`, expected, hint }));

    const url2 = `${url}/new`;
    const created = await call(next, 'POST', '/links', { json: { url: url2, code }, cookie: await login(next, user) });
    ensure(created.status === 201 || created.status === 200, () => ({ observed: `${where} Creating the link ${code} again on it answered ${created.status} ${show(created.body)}.`, expected, hint }));
    const counted = await stats(next, code);
    ensure(clicksOf(counted) === 0, () => ({
      observed: `${where} The link ${code} was created again on it, then GET /links/${code} answered ${counted.status} ${show(counted.body)}.`,
      expected: `"clicks": 0 for the new link. ${expected}`,
      hint,
    }));
  });

  check('writes nothing to its own folder while it runs', { timeoutMs: CHECK_MS }, async (t) => {
    if (!trafficSeen) {
      // No earlier check got as far as a redirect: run the traffic here, so this verdict never rests on an app that did nothing.
      const store = await startKeyValueStub(t);
      const inst = await startInstance(t, store, 'the instance');
      const { user, code, url } = fresh();
      await createLink(inst, await login(inst, user), code, url);
      expectRedirect(await follow(inst, code), inst, code, url);
      await stats(inst, code);
    }
    const changes = treeChanges(FOLDER_BEFORE, snapshot());
    ensure(changes.length === 0, () => ({
      observed: `While the instances of these checks ran (logins, new links, redirects), files in your app's folder changed: ${changes.slice(0, 8).join(', ')}${changes.length > 8 ? ` and ${changes.length - 8} more` : ''}.`,
      expected: "nothing in the app's folder changes at run time. A file there is local state: the other instances never see it, and a restart on an ephemeral filesystem (most containers and PaaS dynos) throws it away. Keep state in the store; a temporary file for the work of one request may go under os.tmpdir() (each process here gets its own, empty one).",
      hint: 'app.js (and any file you added): writeFile, appendFile, createWriteStream, mkdir.',
    }));
  });
}
