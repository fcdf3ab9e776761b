// Factor VII, port binding: the checks of exercise 07, shared with the capstone.
// Declared by declarePortBindingChecks(options); exercise 07's hidden test file calls it
// with no options and keeps exactly its behaviour. The reasoning below is exercise 07's.
//
// Exercise 07's checks. Behaviour only: each check starts
// the learner's app as a real process (`node server.js`) with a chosen
// environment and looks at what it does on the network and in its output.
//
// The order, and why.
// 1. "answers HTTP on PORT" starts the FIRST COPY, alone, and leaves it running
//    (startApp(null, …)) until the end of the file: that copy is watched for the
//    whole run, so a listener opened late (a metrics port half a second after
//    start-up) is seen, not only one opened at once. Its output is what "logs the
//    port" reads, and it is one of the "two copies": fewer app starts, a faster run.
// 2. A concurrent group: "only PORT", "two copies" (the first copy plus one more),
//    "without PORT" and "malformed PORT" (one copy per malformed value, all at
//    once). The first copy is still running. No verdict in the group depends on who
//    holds a fixed port: with a valid PORT, an app that also binds a fixed port
//    fails "only PORT" (it listens, or tried to listen, there) and "two copies" (the
//    second copy collides with the first) either way; without a usable PORT,
//    calling listen() at all fails "without PORT" and "malformed PORT" either way.
//    Only the message changes ("which another program was using").
//    "only PORT" waits until the first copy has listened for at least WATCH_MS and
//    "two copies" has ended, then judges every copy started with a valid PORT over
//    its whole life, from the listen observer's log, which tells each app's ports
//    from those of the apps next to it. Where Node cannot load the observer (before
//    20.6) it probes common ports from outside instead, which other apps would
//    disturb: then it runs alone, last, after stopping the first copy.
// 3. "logs the port" reads the first copy's output (no new app).

import {
  concurrently,
  connectHost,
  ensure,
  excerpt,
  expectListening,
  explainNotListening,
  fail,
  freePort,
  freePorts,
  LearnerFacingError,
  LISTEN_QUIET_MS,
  listenObserverSupported,
  listenSettled,
  request,
  show,
  startApp,
  test,
  waitForPort,
} from '../index.mjs';

/** "Answers there within a few seconds" (FACTORS.md, VII). */
const READY_MS = 5000;
/** The first copy is watched for at least this long after it starts listening (and for the whole run). */
const WATCH_MS = 1000;
/** Ports apps commonly hard-code: probed from outside (connecting, never binding) when the listen observer is not loaded. */
const COMMON_DEFAULTS = [3000, 5000, 8000, 8080, 8888, 9090, 9464];
/**
 * Values of PORT that are not a whole number from 1 to 65535, each started in its own
 * copy (MALFORMED_AT_ONCE at a time). Each one catches a different half-done check: `''` a test of
 * `=== undefined` only (and `Number('')` is 0), `'0'` a test of NaN only (listen(0)
 * picks a random port), `'-1'` and `'70000'` a missing range check (listen() throws
 * ERR_SOCKET_BAD_PORT, a message that never names the variable), `'4000.5'` a missing
 * whole-number check (parseInt would turn it into 4000), `'eighty'` no check at all
 * (listen('eighty') creates a socket file).
 */
const MALFORMED = ['', '0', '-1', '70000', '4000.5', 'eighty'];
/**
 * How many malformed copies start at once: all of them. Fewer is no faster on two idle
 * cores, and on a busy machine each wave waits for CPU again (measured: three at a time
 * made this check the slowest of its group).
 */
const MALFORMED_AT_ONCE = MALFORMED.length;
/**
 * How long an app that listens on other ports, and is done calling listen(), gets
 * to listen on PORT after all before a check says "it listens on 8080 instead".
 * Short, because here any other port is already a mistake ("listens only on the
 * port given in PORT" fails it): the wait only decides how soon the other checks
 * say so. A second listen() in the same tick, in the first one's callback or
 * after a host-name lookup is still seen (see waitForPort); 200 ms is room for a
 * short await in between and for an app descheduled on a busy machine.
 */
const ELSEWHERE_GRACE_MS = 200;

/**
 * @typedef {object} PortBindingOptions
 * @property {string[]} [command]  how the app is started (default node server.js)
 * @property {(t: import('node:test').TestContext | null) => Promise<Record<string, string>>} [env]
 *   variables every start gets besides PORT (t is null for the first copy, which outlives its check); default none
 * @property {string} [prefix]  put before every check name, e.g. "Factor VII — Port binding › "
 * @property {string} [handlerHint]  where to look when the app does not answer HTTP
 * @property {string} [healthHint]  where to look when GET /health is not Shortlinks' answer
 */

/**
 * Declares the port-binding checks (call it at the top level of a hidden test file).
 * @param {PortBindingOptions} [options]
 */
export function declarePortBindingChecks(options = {}) {
  const COMMAND = options.command ?? ['node', 'server.js'];
  const COMMAND_TEXT = COMMAND.join(' ');
  const extraEnv = options.env ?? (async () => ({}));
  const prefix = options.prefix ?? '';
  /** @type {typeof test} */
  const check = (name, ...rest) => test(`${prefix}${name}`, ...rest);
  const LISTEN_HINT = 'server.js, where the server calls listen(): the port must come from process.env.PORT.';
  const HANDLER_HINT = options.handlerHint ?? 'server.js should hand every request to handleRequest from links.js.';
  const HANDLER_HINT_HEALTH = options.healthHint ?? 'server.js should create the server with handleRequest from links.js.';
  const OBSERVED = listenObserverSupported();

  /** @typedef {{ app: import('../index.mjs').App, port: number }} Copy */
  /** Every copy started with a valid PORT: "listens only on PORT" judges each over its whole life. @type {Copy[]} */
  const watched = [];
  /** The copy started by the first check, running until the end of the file. @type {Copy | null} */
  let first = null;
  /** Whether the first copy answered on its port. */
  let firstListening = false;
  /** Settles when "two copies" has ended (its copies stopped), so that "only PORT" sees their whole life. */
  let twoCopiesEnded = () => {};
  const twoCopiesDone = new Promise((resolve) => (twoCopiesEnded = () => resolve(undefined)));

  /** Waits until `app` listens on `port`, failing the check with an explanation if it does not. */
  function expectOnPort(app, port) {
    return expectListening(app, port, {
      timeoutMs: READY_MS,
      elsewhereGraceMs: ELSEWHERE_GRACE_MS,
      expected: `Shortlinks listens on port ${port}, the value of PORT, within ${READY_MS / 1000} s of starting.`,
      hint: LISTEN_HINT,
    });
  }

  /** Runs `fn`; a failure carries the output of `app` (a shared app's output is not attached by test()). */
  async function withOutputOf(app, fn) {
    try {
      return await fn();
    } catch (err) {
      if (err instanceof LearnerFacingError && !err.output) err.output = app.output().trimEnd() || '(no output)';
      throw err;
    }
  }

  /** GET path on port, failing the check with a plain message when there is no answer. */
  async function get(port, path) {
    try {
      return await request({ port, path, timeoutMs: 3000 });
    } catch (err) {
      return fail({
        observed: err.message,
        expected: `Shortlinks answers HTTP requests on port ${port}, the value of PORT.`,
        hint: HANDLER_HINT,
      });
    }
  }

  /** Fails unless GET /health on `port` is Shortlinks saying it is fine. */
  async function expectShortlinks(port, who = 'Your app') {
    const res = await get(port, '/health');
    ensure(res.status === 200 && res.json()?.service === 'shortlinks', () => ({
      observed: `${who} answered GET /health on port ${port} with status ${res.status} and body ${show(res.body)}.`,
      expected: 'status 200 and {"status":"ok","service":"shortlinks"}: the Shortlinks app itself answers on the port in PORT.',
      hint: HANDLER_HINT_HEALTH,
    }));
  }

  /** Waits until the app exits or calls listen(), whichever comes first (then a moment for its last words). */
  async function exitOrListen(app, ms) {
    const until = Date.now() + ms;
    while (app.running && Date.now() < until) {
      if (app.listenEvents().some((e) => e.event !== 'loaded')) break;
      await new Promise((r) => setTimeout(r, 25));
    }
    await app.waitForExit(100);
  }

  /** What the app did with a PORT it should have refused: listened somewhere, tried to, or nothing (''). */
  function describeGuess(app) {
    const events = app.listenEvents();
    const call = events.find((e) => e.event === 'listen-called');
    const bound = events.find((e) => e.event === 'listening');
    const busy = events.find((e) => e.event === 'error' && e.code === 'EADDRINUSE');
    const failed = events.find((e) => e.event === 'error' && e.code !== 'EADDRINUSE');
    if (bound?.pipe) {
      return `it listened on a socket file named ${show(bound.pipe)} instead of a TCP port: listen() treats a value that is not a number as a file path.`;
    }
    if (bound) {
      const noPort = call && (call.args?.[0] == null || call.args?.[0] === 0 || call.args?.[0] === '' || call.args?.[0] === '0');
      return noPort
        ? `it called listen() without a usable port, so the operating system picked a random one (${bound.port}) that no router knows about.`
        : `it started listening on port ${bound.port} anyway, a port nobody told it to use.`;
    }
    if (busy) return `it tried to listen on port ${busy.port} anyway (a default), which another program was using.`;
    if (failed) {
      return `it passed the value on to listen(), which failed with ${failed.code ?? 'an error'}${failed.message ? ` (${failed.message.split('\n')[0].replace(/\.$/, '')})` : ''}. Node's own error does not tell an operator which setting is wrong.`;
    }
    if (call) return 'it called listen() with it anyway.';
    return '';
  }

  /**
   * Starts the app with `env` and says what is wrong if it does not refuse to start
   * (exit non-zero, a message naming PORT, no listen() call); '' when it refuses.
   * @param {import('node:test').TestContext} t
   * @param {Record<string, string>} env
   * @param {string} started  how the app was started, e.g. "Without PORT", "With PORT=\"0\""
   */
  async function refusal(t, env, started) {
    const app = await startApp(t, { command: COMMAND, env: { ...(await extraEnv(t)), ...env }, ...(env.PORT === undefined ? { label: `${COMMAND_TEXT} (no PORT)` } : {}) });
    await exitOrListen(app, READY_MS);
    const guess = describeGuess(app);
    if (guess) return `${started}, ${guess}`;
    if (app.running) return `${started}, it was still running ${READY_MS / 1000} s later, without listening anywhere.`;
    const status = app.exitStatus;
    if (status?.code === 0) return `${started}, it exited with code 0, which tells the platform that all is well. It printed:\n${excerpt(app.output())}`;
    if (!/\bPORT\b/.test(app.output())) {
      return `${started}, it stopped (exit code ${status?.code ?? status?.signal}), but its message does not mention PORT:\n${excerpt(app.output())}`;
    }
    return '';
  }

  /** Both copies must answer, each on its own port. @param {import('node:test').TestContext} t */
  async function twoCopies(t) {
    // The first copy, still running, is one of the two when it answered; else two new ones.
    const reuse = first && firstListening && first.app.running;
    const copies = [];
    if (reuse && first) copies.push({ ...first, name: 'The first copy', ready: Promise.resolve({ ok: true, elapsedMs: 0 }) });
    for (const port of await freePorts(reuse ? 1 : 2)) {
      const name = copies.length ? 'The second copy' : 'The first copy';
      const app = await startApp(t, { command: COMMAND, env: { ...(await extraEnv(t)), PORT: String(port) }, label: name.replace(/^The /, '') });
      watched.push({ app, port });
      copies.push({ app, port, name, ready: waitForPort(port, { app, timeoutMs: READY_MS, elsewhereGraceMs: ELSEWHERE_GRACE_MS }) });
    }
    const [portA, portB] = copies.map((c) => c.port);
    const waits = copies.map((copy) => copy.ready.then((ready) => ({ ...copy, ready })));
    // Both must answer: the first copy that does not is enough to fail, without waiting for the other.
    const firstDone = await Promise.race(waits.filter((_, i) => !reuse || i > 0));
    for (const { ready, app, port, name } of firstDone.ready.ok ? await Promise.all(waits) : [firstDone]) {
      if (!ready.ok) {
        fail({
          observed: `Two copies of your app ran at the same time, with PORT=${portA} and PORT=${portB}. ${name} did not answer: ${explainNotListening(app, port, { waitedMs: ready.elapsedMs })}`,
          expected: 'both copies run at once, each on its own port. That is how a platform runs several instances of one app, or several apps, on one machine.',
          hint: LISTEN_HINT,
        });
      }
    }
    await expectShortlinks(portA, 'The first copy');
    await expectShortlinks(portB, 'The second copy');
  }

  /** Declared where it runs: in the concurrent group when the listen observer can tell apps apart, else alone at the end. */
  function listensOnlyOnPort() {
    check('listens only on the port given in PORT (no hard-coded port)', async (t) => {
      const expected =
        'the app listens on the one port it is given, for as long as it runs. A fixed extra port (a default, an admin or metrics port) collides with other apps and copies on the same machine, and no router sends traffic to it.';
      const hint = `${LISTEN_HINT} Remove any other listen() call or fixed port number; serve extra endpoints such as /metrics on the same port.`;

      if (!OBSERVED) {
        // Without the observer only probing from outside is possible, which any other app would disturb: run alone.
        await first?.app.stop();
        const port = await freePort();
        const answering = await Promise.all(COMMON_DEFAULTS.map((p) => (p === port ? Promise.resolve('') : connectHost(p))));
        const freeBefore = COMMON_DEFAULTS.filter((p, i) => p !== port && !answering[i]);
        const app = await startApp(t, { command: COMMAND, env: { ...(await extraEnv(t)), PORT: String(port) } });
        await expectOnPort(app, port);
        await new Promise((r) => setTimeout(r, Math.max(LISTEN_QUIET_MS, WATCH_MS)));
        const taken = [];
        for (const p of freeBefore) if (await connectHost(p)) taken.push(p);
        ensure(!taken.length, {
          observed: `With PORT=${port}, something started listening on port ${taken.join(' and ')} as your app ran.`,
          expected,
          hint,
        });
        return;
      }

      // Watch the first copy for at least WATCH_MS after it started listening (it has run for the whole file so far).
      if (first && firstListening) {
        const since = first.app.listening().find((e) => e.port === first?.port)?.t ?? Date.now();
        const left = since + WATCH_MS - Date.now();
        if (left > 0 && first.app.running) await first.app.waitForExit(left);
        // A listen() under way (a host name being looked up) is seen through.
        await listenSettled(first.app, { quietMs: 0, timeoutMs: READY_MS });
        // The second copy of "two copies" is judged over its whole life too.
        let timer;
        await Promise.race([twoCopiesDone, new Promise((r) => (timer = setTimeout(r, READY_MS)))]);
        clearTimeout(timer);
      } else {
        // The first check could not start it: watch a copy of our own (alone: the first copy may hold a fixed port).
        await first?.app.stop();
        const port = await freePort();
        const app = await startApp(t, { command: COMMAND, env: { ...(await extraEnv(t)), PORT: String(port) } });
        watched.push({ app, port });
        await expectOnPort(app, port);
        await app.waitForExit(WATCH_MS);
        await listenSettled(app, { timeoutMs: READY_MS });
      }

      const findings = [];
      for (const { app, port } of watched) {
        // Listened on another port or a socket file, or tried to (EADDRINUSE, EACCES ... name the port it wanted).
        const others = app.listenEvents().filter((e) => (e.event === 'listening' && e.port !== port) || (e.event === 'error' && e.port != null && e.port !== port));
        if (!others.length) continue;
        // "Later" is measured from when it began listening on PORT: a slow start on a busy machine is not "late".
        const onPort = app.listening().find((e) => e.port === port)?.t;
        const when = (/** @type {{ t: number }} */ e) => (onPort !== undefined && e.t - onPort >= 200 ? ` (${((e.t - onPort) / 1000).toFixed(1)} s after it began listening on PORT)` : '');
        const names = [...new Set(others.map((e) => `${e.pipe ? `a socket file ${show(e.pipe)}` : `port ${e.port}`}${when(e)}`))];
        const tried = others.every((e) => e.event === 'error');
        findings.push(`With PORT=${port}, your app ${tried ? 'also tried to listen on' : 'also listened on'} ${names.join(' and ')}.`);
      }
      ensure(!findings.length, () => ({ observed: [...new Set(findings)].slice(0, 3).join('\n'), expected, hint }));
    });
  }

  check('answers HTTP on the port given in PORT', async () => {
    const port = await freePort();
    // Shared (t = null): it keeps running, and is watched, until the last check.
    const app = await startApp(null, { command: COMMAND, env: { ...(await extraEnv(null)), PORT: String(port) }, label: 'first copy' });
    first = { app, port };
    watched.push(first);
    await withOutputOf(app, async () => {
      await expectOnPort(app, port);
      firstListening = true;
      await expectShortlinks(port);
    });
  });

  concurrently(() => {
    // Judged while the others run: it waits for the first copy's watch and for "two copies" to end.
    if (OBSERVED) listensOnlyOnPort();

    check('two copies run side by side on different ports', async (t) => {
      try {
        await twoCopies(t);
      } finally {
        twoCopiesEnded();
      }
    });

    check('without PORT, stops at start-up with an error that names PORT', async (t) => {
      const problem = await refusal(t, {}, 'Without PORT');
      ensure(!problem, {
        observed: problem,
        expected: 'without PORT the app cannot know where the platform routes traffic, so it stops at once, before calling listen(), with an error message that names PORT and a non-zero exit code.',
        hint: 'server.js, where the port is read: check process.env.PORT before calling listen(). Say what is missing, e.g. "PORT is not set", and exit with process.exit(1) or throw an Error.',
      });
    });

    check('a PORT that is not a whole number from 1 to 65535 stops start-up with an error that names PORT', async (t) => {
      const results = [];
      for (let i = 0; i < MALFORMED.length; i += MALFORMED_AT_ONCE) {
        const batch = MALFORMED.slice(i, i + MALFORMED_AT_ONCE);
        results.push(...(await Promise.all(batch.map((value) => refusal(t, { PORT: value }, `With PORT=${show(value)}`)))));
      }
      const problems = results.filter(Boolean);
      const accepted = problems.length;
      ensure(!accepted, () => ({
        observed: `${accepted} of the ${MALFORMED.length} malformed values (${MALFORMED.map((v) => show(v)).join(', ')}) were not refused by name:\n${problems.map((p) => `- ${p}`).join('\n')}`,
        expected: 'a PORT that is empty, 0, negative, above 65535, a fraction or not a number is a broken configuration: the app stops at once, before calling listen(), with an error that names PORT and a non-zero exit code.',
        hint: 'server.js, where the port is read: turn PORT into a number and check that it is a whole number (Number.isInteger) from 1 to 65535 before calling listen().',
      }));
    });
  });

  check('logs the port it listens on', async () => {
    if (!first) return fail({ observed: 'Your app could not be started.', expected: `Shortlinks starts with ${COMMAND_TEXT}.`, hint: 'server.js' });
    const { app, port } = first;
    await withOutputOf(app, async () => {
      if (!firstListening) await expectOnPort(app, port);
      const seen = await app.waitForOutput(new RegExp(`(^|\\D)${port}(\\D|$)`), { timeoutMs: 1000 });
      ensure(seen, {
        observed: `Your app listens on port ${port}, but it did not print that number. It printed:\n${excerpt(app.output())}`,
        expected: `a start-up line with the port it actually listens on, e.g. "Shortlinks listening on port ${port}". Operators read it to see where a process is; a public URL baked into the app would be a guess.`,
        hint: 'the callback of listen() in server.js: log server.address().port or the port you read from PORT.',
      });
    });
  });

  // Without the observer it probes ports from outside, which other apps would disturb: alone, last.
  if (!OBSERVED) listensOnlyOnPort();
}
