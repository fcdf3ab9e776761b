// Hidden checks for exercise 08, concurrency. Behaviour first: each check starts
// a process formation from the learner's Procfile (startFormation, a tiny
// Foreman), with a key-value store, a job queue and a site of test pages, all
// stubs of this file, and watches what each process does.
//
// How a check tells the processes apart: every process gets its OWN queue
// address (QUEUE_URL points at a small forwarding proxy per process, in front of
// the one queue), so the queue's log says which process pushed, reserved and
// acknowledged which job. The proxy of a worker also hands it one job at a time
// (a prefetch limit of 1, as many real queues offer): until it acknowledges or
// releases its job, its next reserve gets 204. That keeps "every worker takes a
// share" fair to a worker that reserves greedily.
//
// Spread without timing luck: the test pages answer nothing until as many page
// fetches are waiting as there are workers (or GATE_MS has passed). Each worker
// holds one job, so the pages are released only once every worker has one.
//
// What a job's effect is (the contract the lesson states): the link's title, the
// <title> of its page, stored so that GET /links/:code on any web process returns
// it as `title`. "Acknowledged after the work": at every acknowledgement, at
// least as many titles have been written to the store as jobs acknowledged so far.
//
// Order: the Procfile check alone (no process), then four formations at once
// (concurrently): their verdicts do not depend on each other. Each formation has
// its own store, queue and pages; the only thing they share is the learner's
// folder, where "no pid file" looks, and an app that writes one does so in every
// formation, so the verdict is the same whichever formation wrote it.
import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  concurrently,
  ensure,
  excerpt,
  explainNotListening,
  fail,
  learnerDir,
  parseCommand,
  readProcfile,
  request,
  startFormation,
  startKeyValueStub,
  startQueueStub,
  startStub,
  test,
  waitForPort,
  walkFiles,
} from '../_harness/index.mjs';

/** Time for a process to listen (web) or to ask the queue for a first job (worker). */
const READY_MS = 10000;
/** How long the pages wait for every worker to hold a job before answering anyway (only a process that never takes a job makes them wait this long; room for a busy machine). */
const GATE_MS = 8000;
/** How long all jobs get to be done once the pages answer. */
const DONE_MS = 10000;
/** How long "no worker" watches the web processes for work they should not do. */
const WATCH_MS = 2000;
/** How long the processes are watched for exiting, detaching and pid files. */
const FOREGROUND_MS = 1200;
const CHECK_MS = 45000;

const PROCFILE_HINT = 'Procfile, in the root of your app: "web: node server.js" and "worker: node worker.js" (or your own file names).';
const QUEUE_HINT = 'app.js (POST /links pushes a job to the queue at QUEUE_URL) and your worker (reserve, work, ack).';

/** Only `node <script>`: the process the platform starts is your program, nothing in between. */
const refuse = (/** @type {{ type: string, argv: string[] }} */ { argv }) =>
  argv[0] === 'node' ? undefined : `starts ${JSON.stringify(argv[0])}, not node: in this exercise each command runs node directly, e.g. "node worker.js" (npm, a shell or a wrapper would put another process in between)`;

// ---------------------------------------------------------------------------
// Stubs of this file: a proxy per process in front of the queue, and test pages.

/**
 * A forwarding proxy in front of the queue stub, for one process. Records what
 * that process did; for a worker, hands out one job at a time.
 * @param {import('node:test').TestContext} t
 * @param {{ url: string, port: number }} queue
 * @param {string} name
 */
async function queueProxy(t, queue, name) {
  const record = { name, pushes: 0, reserves: 0, firstReserveAt: 0, /** @type {string[]} */ reserved: [], acks: 0, /** @type {Set<string>} */ holding: new Set() };
  const stub = await startStub(t, (req, send) => {
    const p = req.path.split('?')[0] ?? '/';
    if (/\/reserve$/.test(p)) {
      record.reserves++;
      record.firstReserveAt ||= Date.now();
      if (record.holding.size > 0 && name.startsWith('worker')) return send(204);
    }
    const forward = http.request(
      { host: '127.0.0.1', port: queue.port, path: req.path, method: req.method, headers: { 'content-type': 'application/json' }, agent: false },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c) => (body += c));
        res.on('end', () => {
          const status = res.statusCode ?? 502;
          let value;
          try {
            value = body ? JSON.parse(body) : undefined;
          } catch {
            value = body;
          }
          if (status === 201 && /\/jobs$/.test(p)) record.pushes++;
          if (status === 200 && /\/reserve$/.test(p) && value && typeof value === 'object' && 'id' in value) {
            record.reserved.push(String(value.id));
            record.holding.add(String(value.id));
          }
          const done = /^\/jobs\/([^/]+)\/(ack|release)$/.exec(p);
          if (done && status < 300) {
            record.holding.delete(decodeURIComponent(done[1] ?? ''));
            if (done[2] === 'ack') record.acks++;
          }
          send(status, value);
        });
      },
    );
    forward.on('error', () => send(502, { error: 'queue unreachable' }));
    forward.end(req.body);
  });
  return { ...record, record, url: stub.url };
}

/**
 * Test pages with unique titles. While armed, a page answers only once `needed`
 * page requests are waiting (or GATE_MS has passed since the first one).
 * @param {import('node:test').TestContext} t
 */
async function testPages(t) {
  const tag = Math.random().toString(36).slice(2, 7);
  /** @type {Map<string, number>} fetches per page id */
  const fetches = new Map();
  /** @type {(() => void)[]} */
  let waiting = [];
  let needed = 0;
  /** @type {NodeJS.Timeout | undefined} */
  let timer;
  const open = () => {
    needed = 0;
    clearTimeout(timer);
    for (const answer of waiting.splice(0)) answer();
  };
  const stub = await startStub(t, (req, send) => {
    const id = /^\/page\/(\d+)$/.exec(req.path)?.[1];
    if (!id) return send(404, 'no such page');
    fetches.set(id, (fetches.get(id) ?? 0) + 1);
    const answer = () => send(200, `<!doctype html><html><head><title>${title(id)}</title></head><body>Page ${id}</body></html>`);
    if (!needed) return answer();
    waiting.push(answer);
    if (waiting.length === 1) timer = setTimeout(open, GATE_MS);
    if (waiting.length >= needed) open();
  });
  t.after(() => open());
  const title = (/** @type {string} */ id) => `Test page ${id} ${tag}`;
  return {
    fetches,
    title,
    url: (/** @type {number} */ id) => `${stub.url}/page/${id}`,
    /** Hold the next page answers until `n` requests wait. @param {number} n */
    arm(n) {
      needed = n;
    },
    get held() {
      return waiting.length;
    },
  };
}

/**
 * One formation with its own store, queue, pages and per-process queue proxies.
 * @param {import('node:test').TestContext} t
 * @param {{ web: number, worker?: number }} counts
 * @param {number} [maxWorkers]  proxies to prepare for workers added later with scale()
 */
async function setUp(t, counts, maxWorkers = counts.worker ?? 0) {
  const [store, queue, pages] = await Promise.all([startKeyValueStub(t), startQueueStub(t), testPages(t)]);
  const names = [...Array.from({ length: counts.web }, (_, i) => `web.${i + 1}`), ...Array.from({ length: maxWorkers }, (_, i) => `worker.${i + 1}`)];
  const proxies = new Map(await Promise.all(names.map(async (n) => /** @type {const} */ ([n, await queueProxy(t, queue, n)]))));
  const formation = await startFormation(t, {
    counts: counts.worker ? { web: counts.web, worker: counts.worker } : { web: counts.web },
    env: { STORE_URL: store.url },
    envFor: ({ name }) => ({ QUEUE_URL: proxies.get(name)?.url ?? queue.url }),
    refuse,
  });
  return { store, queue, pages, proxies, formation, /** @param {string} name */ proxy: (name) => /** @type {Awaited<ReturnType<typeof queueProxy>>} */ (proxies.get(name)).record };
}

/** @typedef {Awaited<ReturnType<typeof setUp>>} Setup */
/** @typedef {import('../_harness/formation.mjs').FormationProcess} Proc */

/** What a process printed, for Observed texts. @param {Proc} p */
const printed = (p) => `${p.name} printed:\n${excerpt(p.app.output())}`;

/** How a process ended, if it did. @param {Proc} p */
function ended(p) {
  const s = p.app.exitStatus;
  if (!s) return '';
  return `${p.name} (pid ${p.app.pid}, ${p.argv.join(' ')}) exited${s.signal ? ` on ${s.signal}` : ` with code ${s.code}`}`;
}

/** Waits until every web process accepts connections on its own PORT. @param {Setup} s */
async function webReady(s) {
  await Promise.all(
    s.formation.of('web').map(async (p) => {
      const port = /** @type {number} */ (p.port);
      const result = await waitForPort(port, { timeoutMs: READY_MS });
      if (result.ok) return;
      fail({
        observed: `${explainNotListening(p.app, port, { waitedMs: result.elapsedMs })}${p.app.running ? '' : `\n${ended(p)}.`}`,
        expected: `each web process answers HTTP on the port in its own PORT variable (${p.name} got PORT=${port}), and stays running`,
        hint: 'the web line of your Procfile and the program it starts (server.js): it must listen on process.env.PORT itself, in the foreground.',
      });
    }),
  );
}

/** Waits until every worker has asked the queue for a job. @param {Setup} s @param {Proc[]} [workers] */
async function workersReady(s, workers = s.formation.of('worker')) {
  const start = Date.now();
  for (;;) {
    const idle = workers.filter((p) => !s.proxy(p.name).reserves);
    if (!idle.length) return;
    if (Date.now() - start > READY_MS) {
      const p = /** @type {Proc} */ (idle[0]);
      fail({
        observed: `${p.name} (${p.argv.join(' ')}) did not ask the queue at its QUEUE_URL for a job within ${READY_MS / 1000} s${p.app.running ? '' : `; ${ended(p)}`}.\n${printed(p)}`,
        expected: 'a worker process that takes its jobs from the queue at QUEUE_URL (POST /queues/<name>/reserve, as queue.js does), again and again, asking again soon when the queue is empty',
        hint: 'the worker line of your Procfile and the program it starts: connectQueue(process.env.QUEUE_URL), then a loop around reserve().',
      });
    }
    await new Promise((r) => setTimeout(r, 25));
  }
}

/**
 * Creates links through the web processes, in turn. Returns [{ code, page }].
 * @param {Setup} s @param {number} count @param {number} firstPage
 */
async function createLinks(s, count, firstPage) {
  const webs = s.formation.of('web');
  return Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const page = firstPage + i;
      const web = /** @type {Proc} */ (webs[i % webs.length]);
      const url = s.pages.url(page);
      let res;
      try {
        res = await request({ port: /** @type {number} */ (web.port), method: 'POST', path: '/links', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ url }), timeoutMs: 10000 });
      } catch (err) {
        fail({
          observed: `POST /links on ${web.name} (port ${web.port}) got no answer: ${/** @type {Error} */ (err).message}\n${printed(web)}`,
          expected: 'the web process answers POST /links at once: it stores the link, queues the slow work and replies 201',
          hint: 'app.js, POST /links: no waiting for the title there.',
        });
      }
      const body = /** @type {{ code?: unknown }} */ (res.json() ?? {});
      ensure(res.status === 201 && typeof body.code === 'string', () => ({
        observed: `POST /links {"url": "${url}"} on ${web.name} answered ${res.status} ${res.body.slice(0, 200)}\n${printed(web)}`,
        expected: 'status 201 and JSON with the new link\'s "code", as in the starter',
        hint: 'app.js, POST /links.',
      }));
      return { code: /** @type {string} */ (body.code), page, web };
    }),
  );
}

/** GET /links/:code on a web process; the title, or undefined. @param {Proc} web @param {string} code */
async function titleOf(web, code) {
  try {
    const res = await request({ port: /** @type {number} */ (web.port), path: `/links/${encodeURIComponent(code)}`, timeoutMs: 5000 });
    const body = /** @type {{ title?: unknown }} */ (res.json() ?? {});
    return res.status === 200 ? body.title : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Waits until every link's title is visible through a web process other than the
 * one that created it, and every job of the queue is acknowledged (or DONE_MS).
 * @param {Setup} s @param {{ code: string, page: number, web: Proc }[]} links
 */
async function waitUntilDone(s, links) {
  const webs = s.formation.of('web');
  const start = Date.now();
  /** @type {Map<string, unknown>} */
  const titles = new Map();
  for (;;) {
    await Promise.all(
      links.map(async (l) => {
        if (titles.get(l.code) === s.pages.title(String(l.page))) return;
        const other = webs.find((w) => w !== l.web) ?? l.web;
        titles.set(l.code, await titleOf(other, l.code));
      }),
    );
    const allTitled = links.every((l) => titles.get(l.code) === s.pages.title(String(l.page)));
    const jobs = s.queue.jobs;
    const allAcked = jobs.length > 0 && jobs.every((j) => j.acks > 0);
    const elapsed = Date.now() - start;
    // Done, or nothing more will happen: titles there but no job at all, or every worker gone.
    if (allTitled && (allAcked || (!jobs.length && elapsed > 2000))) return titles;
    if (s.formation.of('worker').every((p) => !p.app.running) && elapsed > 1000) return titles;
    if (elapsed > DONE_MS + GATE_MS) return titles;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Judges a batch of links: each title fetched once and stored, each job done
 * exactly once, acknowledged after its title was stored, no web process reserving.
 * @param {Setup} s @param {{ code: string, page: number, web: Proc }[]} links @param {Map<string, unknown>} titles
 */
function judgeExactlyOnce(s, links, titles) {
  const webs = s.formation.of('web');
  const workers = s.formation.of('worker');
  const reservingWeb = webs.find((w) => s.proxy(w.name).reserves > 0);
  ensure(!reservingWeb, () => ({
    observed: `${reservingWeb?.name} (a web process) reserved jobs from the queue ${s.proxy(reservingWeb?.name ?? '').reserves} time(s)`,
    expected: 'web processes only put jobs in the queue; the worker process type takes them out',
    hint: 'your web program (server.js): it must not run the worker loop; that is what the "worker" line of the Procfile starts.',
  }));
  const jobs = s.queue.jobs;
  ensure(jobs.length > 0, () => ({
    observed: `${links.length} links were created through the web processes, and no job reached the queue at QUEUE_URL`,
    expected: 'POST /links puts a job in the queue (queue.js: push), and a worker takes it from there',
    hint: QUEUE_HINT,
  }));
  const twice = links.filter((l) => (s.pages.fetches.get(String(l.page)) ?? 0) > 1);
  ensure(!twice.length, () => ({
    observed: `${twice.length} of ${links.length} target pages were fetched more than once (page ${twice[0]?.page}: ${s.pages.fetches.get(String(twice[0]?.page))} times), with ${webs.length} web and ${workers.length} worker processes`,
    expected: 'each title is fetched exactly once, by one worker, however many processes run: a job in the queue goes to one worker only',
    hint: 'is a timer or a loop still fetching titles in the web process? Is each link queued once? Does each job get acknowledged, so it is never handed out again?',
  }));
  const untitled = links.filter((l) => titles.get(l.code) !== s.pages.title(String(l.page)));
  ensure(!untitled.length, () => {
    const l = /** @type {(typeof links)[number]} */ (untitled[0]);
    const fetched = s.pages.fetches.get(String(l.page)) ?? 0;
    const w = workers.find((p) => !p.app.running);
    return {
      observed: `${untitled.length} of ${links.length} links have no title after ${(DONE_MS + GATE_MS) / 1000} s: GET /links/${l.code} gave title ${JSON.stringify(titles.get(l.code) ?? null)}, expected ${JSON.stringify(s.pages.title(String(l.page)))} (its page was fetched ${fetched} time(s)). Queue: ${jobs.filter((j) => j.state === 'pending').length} job(s) pending, ${jobs.filter((j) => j.state === 'reserved').length} reserved and not acknowledged, ${jobs.filter((j) => j.state === 'done').length} done.${jobs.some((j) => j.state === 'reserved') ? ' (Here a worker gets its next job only once it has acknowledged or released the one it holds.)' : ''}${w ? ` ${ended(w)}.` : ''}\n${workers.map(printed).join('\n')}`,
      expected: 'every job is done: a worker fetches the title and stores it with the link, so GET /links/:code on any web process returns it in "title"',
      hint: QUEUE_HINT,
    };
  });
  const wrongAcks = jobs.filter((j) => j.acks !== 1);
  ensure(!wrongAcks.length, () => ({
    observed: `${wrongAcks.length} of ${jobs.length} jobs were acknowledged ${wrongAcks[0]?.acks} time(s) (job ${wrongAcks[0]?.id}, payload ${JSON.stringify(wrongAcks[0]?.payload)})`,
    expected: 'each job acknowledged exactly once (POST /jobs/:id/ack), by the worker that did it: until then the queue counts it as not done',
    hint: 'your worker: queue.ack(job.id) after the work, once per job.',
  }));
  // Acknowledged only after the work: at every ack, as many titles are stored as jobs acknowledged.
  const titleTexts = links.map((l) => s.pages.title(String(l.page)));
  /** @type {{ at: number, kind: 'put' | 'ack' }[]} */
  const events = [
    ...s.store.requests.filter((r) => r.method === 'PUT' && titleTexts.some((x) => r.body.includes(x))).map((r) => ({ at: r.at, kind: /** @type {const} */ ('put') })),
    ...s.queue.requests.filter((r) => r.method === 'POST' && /\/ack$/.test(r.path)).map((r) => ({ at: r.at, kind: /** @type {const} */ ('ack') })),
  ].sort((a, b) => a.at - b.at || (a.kind === 'put' ? -1 : 1));
  let puts = 0;
  let acks = 0;
  let early = false;
  for (const e of events) {
    if (e.kind === 'put') puts++;
    else if (++acks > puts) early = true;
  }
  ensure(!early, {
    observed: 'a job was acknowledged before its title was stored: the queue saw an acknowledgement while fewer titles had reached the store than jobs acknowledged',
    expected: 'acknowledge a job after its work is done (the title stored), never before: a worker that crashes in between would lose the job, since the queue never hands an acknowledged job out again',
    hint: 'your worker: the order fetch → store → ack.',
  });
}

/** Every worker took at least one of `jobIds`. @param {Setup} s @param {Proc[]} workers @param {string[]} jobIds */
function judgeSpread(s, workers, jobIds) {
  const idle = workers.filter((p) => !s.proxy(p.name).reserved.some((id) => jobIds.includes(id)));
  ensure(!idle.length, () => ({
    observed: `${idle.map((p) => p.name).join(', ')} took none of the ${jobIds.length} jobs (${workers.map((p) => `${p.name}: ${s.proxy(p.name).reserved.filter((id) => jobIds.includes(id)).length}`).join(', ')}), although each asked the queue for work. ${idle.map((p) => (p.app.running ? '' : `${ended(p)}. `)).join('')}`,
    expected: 'more worker processes share the work: each one reserves jobs from the same queue, so each does some of them (not necessarily an even share). The test queue hands a worker one job at a time and waits until every worker holds one before the pages answer',
    hint: 'your worker loop: reserve a job, do it, ack it, and ask for the next one; when the queue is empty, ask again within a second or so.',
  }));
}

// ---------------------------------------------------------------------------

test('The Procfile declares a "web" and a "worker" process type, each running a node program', () => {
  const procfile = readProcfile();
  ensure(procfile.exists, {
    observed: 'there is no file named Procfile in the root of your app',
    expected: 'a Procfile that declares the process types: "web: node server.js" for HTTP and "worker: node worker.js" for the background work',
    hint: PROCFILE_HINT,
  });
  ensure(!procfile.problems.length, () => ({
    observed: `the Procfile has lines that cannot be read: ${procfile.problems.map((p) => `line ${p.line} ${JSON.stringify(p.text.trim())}: ${p.reason}`).join('; ')}`,
    expected: 'each line is "<type>: <command>", blank, or a comment starting with #',
    hint: PROCFILE_HINT,
  }));
  const types = procfile.entries.map((e) => e.type);
  const missing = ['web', 'worker'].filter((t) => !types.includes(t));
  ensure(!missing.length, () => ({
    observed: `the Procfile declares ${types.length ? types.map((t) => `"${t}"`).join(' and ') : 'no process type'}; ${missing.map((t) => `"${t}"`).join(' and ')} ${missing.length > 1 ? 'are' : 'is'} missing`,
    expected: 'one process type per kind of work: "web" answers HTTP, "worker" does the background work (fetching titles)',
    hint: PROCFILE_HINT,
  }));
  for (const entry of procfile.entries.filter((e) => e.type === 'web' || e.type === 'worker')) {
    const parsed = parseCommand(entry.command, { PORT: '5000' });
    const why = 'error' in parsed ? parsed.error : refuse({ type: entry.type, argv: parsed.argv });
    ensure(!why, () => ({
      observed: `the "${entry.type}" command (line ${entry.line}: ${JSON.stringify(entry.command)}) ${'error' in parsed ? `cannot be run: ${why}` : why}`,
      expected: 'each command starts one node program that stays in the foreground, e.g. "node worker.js" (arguments and $PORT are fine)',
      hint: PROCFILE_HINT,
    }));
  }
});

/** One worker when the Procfile declares the type (so that a Procfile without it still gets these checks' verdicts), else none. */
const workersIfDeclared = () => (readProcfile().entries.some((e) => e.type === 'worker') ? 1 : 0);

concurrently(() => {
  test('Every process runs in the foreground: it stays running, leaves nothing detached behind, and each web process answers on its own PORT', { timeoutMs: CHECK_MS }, async (t) => {
    const s = await setUp(t, { web: 2, worker: workersIfDeclared() });
    await webReady(s);
    await workersReady(s);
    await new Promise((r) => setTimeout(r, FOREGROUND_MS));
    const gone = s.formation.exited();
    ensure(!gone.length, () => ({
      observed: `${gone.map(ended).join('; ')}, while the process manager expected ${gone.length > 1 ? 'them' : 'it'} to keep running.\n${gone.map(printed).join('\n')}`,
      expected: 'each process the Procfile starts runs in the foreground until it is stopped: the process manager watches that very process, its output and its exit. A process that starts a copy of itself in the background and exits looks like a crash',
      hint: 'the commands in your Procfile: run the program itself (node server.js), not a script that starts it in the background (start.js).',
    }));
    const strays = s.formation.strays();
    ensure(!strays.length, () => ({
      observed: `${strays.length} process(es) started by your processes left their process group (detached) or outlived their parent: ${strays.map((x) => `pid ${x.pid} "${x.command.replace(/--import=\S+\s*/g, '')}", started from ${x.from}`).join('; ')}`,
      expected: 'no daemonizing: whatever a process starts stays attached to it, so that the process manager can stop, restart and watch all of it',
      hint: 'look for spawn(…, { detached: true }), unref() or setsid in your programs.',
    }));
    for (const web of s.formation.of('web')) {
      const res = await request({ port: /** @type {number} */ (web.port), path: '/health', timeoutMs: 5000 }).catch((err) => ({ status: 0, body: String(err.message) }));
      ensure(res.status > 0 && res.status < 500, () => ({
        observed: `GET /health on ${web.name} (port ${web.port}) answered ${res.status || res.body}`,
        expected: 'each web process answers HTTP on its own port',
        hint: 'server.js.',
      }));
    }
  });

  test('No process writes a pid file', { timeoutMs: CHECK_MS }, async (t) => {
    const since = Date.now() - 1000;
    const before = snapshot();
    const s = await setUp(t, { web: 1, worker: workersIfDeclared() });
    await Promise.allSettled([webReady(s), workersReady(s)]);
    await new Promise((r) => setTimeout(r, FOREGROUND_MS));
    const found = pidFiles(before, since);
    ensure(!found.length, () => ({
      observed: `while the formation ran, ${found.map((f) => `${f.file} was written (${JSON.stringify(f.text.trim().slice(0, 40))})`).join('; ')}`,
      expected: 'no pid file: the process manager starts each process, so it already knows its pid. A pid file is stale as soon as the process dies, and wrong on the next machine',
      hint: 'look for writeFileSync(…pid…) or process.pid written to a file in your programs (start.js wrote shortlinks.pid).',
    }));
  });

  test('With no worker running, web processes queue the titles and fetch none themselves', { timeoutMs: CHECK_MS }, async (t) => {
    const s = await setUp(t, { web: 2 });
    await webReady(s);
    const links = await createLinks(s, 3, 100);
    await new Promise((r) => setTimeout(r, WATCH_MS));
    const fetched = links.filter((l) => s.pages.fetches.has(String(l.page)));
    const reserving = s.formation.of('web').find((w) => s.proxy(w.name).reserves > 0);
    ensure(!fetched.length && !reserving, () => ({
      observed: `the formation had 2 web processes and no worker, and ${fetched.length ? `${fetched.length} of ${links.length} new links' pages were fetched anyway (by a web process, in the request or on a timer)` : `${reserving?.name} reserved jobs from the queue`}`,
      expected: 'the web process type answers requests and hands slow work to the worker type through the queue; with no worker running, the jobs wait in the queue',
      hint: 'server.js and app.js: remove the timer (setInterval) and any fetchTitle() call from the web process; the worker program does that.',
    }));
    ensure(s.queue.jobs.length >= links.length, () => ({
      observed: `${links.length} links were created and ${s.queue.jobs.length} job(s) reached the queue at QUEUE_URL`,
      expected: 'POST /links puts a job for each new link in the queue (queue.js: push), and the worker takes it from there',
      hint: 'app.js, POST /links.',
    }));
  });

  test('Two workers process every queued job exactly once, and each takes a share', { timeoutMs: CHECK_MS }, async (t) => {
    const s = await setUp(t, { web: 2, worker: 2 });
    await Promise.all([webReady(s), workersReady(s)]);
    s.pages.arm(2);
    const links = await createLinks(s, 6, 1);
    const titles = await waitUntilDone(s, links);
    judgeExactlyOnce(s, links, titles);
    judgeSpread(s, s.formation.of('worker'), s.queue.jobs.map((j) => j.id));
  });

  test('Scaled from two workers to three, jobs are still processed exactly once, and the new worker takes a share', { timeoutMs: CHECK_MS }, async (t) => {
    const s = await setUp(t, { web: 1, worker: 2 }, 3);
    await Promise.all([webReady(s), workersReady(s)]);
    const first = await createLinks(s, 2, 1);
    judgeExactlyOnce(s, first, await waitUntilDone(s, first));
    await s.formation.scale('worker', 3);
    await workersReady(s);
    const before = new Set(s.queue.jobs.map((j) => j.id));
    s.pages.arm(3);
    const second = await createLinks(s, 6, 11);
    const all = [...first, ...second];
    const titles = await waitUntilDone(s, all);
    judgeExactlyOnce(s, all, titles);
    judgeSpread(s, s.formation.of('worker'), s.queue.jobs.map((j) => j.id).filter((id) => !before.has(id)));
  });
});

// ---------------------------------------------------------------------------
// Pid files: new or rewritten files named *.pid, or holding nothing but a number,
// in the learner's folder (any depth) and in the temp folder (top level, *.pid).

/** @returns {Map<string, number>} file → mtime */
function snapshot() {
  const map = new Map();
  for (const file of safeWalk()) map.set(file, mtime(file));
  return map;
}

/** @param {Map<string, number>} before @param {number} since */
function pidFiles(before, since) {
  /** @type {{ file: string, text: string }[]} */
  const found = [];
  for (const file of safeWalk()) {
    if (before.get(file) === mtime(file)) continue;
    const text = read(file);
    if (/\.pid$/i.test(file) || /^\s*\d+\s*$/.test(text)) found.push({ file: path.relative(learnerDir(), file) || file, text });
  }
  for (const dir of new Set([tmpdir(), '/tmp'])) {
    /** @type {string[]} */
    let names;
    try {
      names = readdirSync(dir);
    } catch {
      continue;
    }
    for (const name of names) {
      const file = path.join(dir, name);
      if (/\.pid$/i.test(name) && mtime(file) >= since) found.push({ file, text: read(file) });
    }
  }
  return found;
}

function safeWalk() {
  try {
    return walkFiles(learnerDir()).map((f) => path.join(learnerDir(), f));
  } catch {
    return [];
  }
}

/** @param {string} file */
function mtime(file) {
  try {
    return lstatSync(file).mtimeMs;
  } catch {
    return 0;
  }
}

/** @param {string} file */
function read(file) {
  try {
    return readFileSync(file, 'utf8').slice(0, 200);
  } catch {
    return '';
  }
}
