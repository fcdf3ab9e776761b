// Hidden checks for exercise 07, port binding. Behaviour only: each check starts
// the learner's app as a real process (`node server.js`) with a chosen
// environment and looks at what it does on the network and in its output.
// (This file runs from <root>/hidden/tests/, so the harness is ../_harness/.)
//
// Which checks run at the same time (concurrently()), and why two do not. An app
// that binds a fixed port (8080, say) can have only one copy holding it: a copy
// started by a check running at the same moment gets EADDRINUSE and usually
// crashes. That must never change a verdict:
// - "answers HTTP on PORT" and "logs the port" can pass for an app that also binds
//   a fixed port (variants/wrong-extra-default-port does), so they run alone, before
//   and after the group.
// - In the group, no verdict depends on who gets a fixed port. With a valid PORT,
//   an app that binds a fixed port fails "listens only on PORT" (it also listens,
//   or tried to listen, there) and "two copies" (its copies collide) either way;
//   without a usable PORT, binding or trying to bind any port fails "without PORT"
//   and "not a port number" either way. Only the message changes ("which another
//   program was using").
// - "listens only on PORT" tells the app's own ports from those of the apps next
//   to it with the listen observer. Where Node cannot load it (before 20.6) the
//   check probes common ports from outside, which those apps would disturb, so
//   it runs alone then.
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
  LISTEN_QUIET_MS,
  listenObserverSupported,
  listenSettled,
  request,
  show,
  startApp,
  test,
  waitForPort,
} from '../_harness/index.mjs';

const COMMAND = ['node', 'server.js'];
/** "Answers there within a few seconds" (FACTORS.md, VII). */
const READY_MS = 5000;
/** Ports apps commonly hard-code: probed from outside (connecting, never binding) when the listen observer is not loaded. */
const COMMON_DEFAULTS = [3000, 5000, 8000, 8080, 8888];
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
const LISTEN_HINT = 'server.js, where the server calls listen(): the port must come from process.env.PORT.';

/** Starts one copy of the app with PORT=port and waits until it answers there. */
async function startOnPort(t, port, label) {
  const app = await startApp(t, { command: COMMAND, env: { PORT: String(port) }, ...(label ? { label } : {}) });
  await expectListening(app, port, {
    timeoutMs: READY_MS,
    elsewhereGraceMs: ELSEWHERE_GRACE_MS,
    expected: `Shortlinks listens on port ${port}, the value of PORT, within ${READY_MS / 1000} s of starting.`,
    hint: LISTEN_HINT,
  });
  return app;
}

/** GET path on port, failing the check with a plain message when there is no answer. */
async function get(port, path) {
  try {
    return await request({ port, path, timeoutMs: 3000 });
  } catch (err) {
    return fail({
      observed: err.message,
      expected: `Shortlinks answers HTTP requests on port ${port}, the value of PORT.`,
      hint: 'server.js should hand every request to handleRequest from links.js.',
    });
  }
}

/** Fails unless GET /health on `port` is Shortlinks saying it is fine. */
async function expectShortlinks(port, who = 'Your app') {
  const res = await get(port, '/health');
  ensure(res.status === 200 && res.json()?.service === 'shortlinks', () => ({
    observed: `${who} answered GET /health on port ${port} with status ${res.status} and body ${show(res.body)}.`,
    expected: 'status 200 and {"status":"ok","service":"shortlinks"}: the Shortlinks app itself answers on the port in PORT.',
    hint: 'server.js should create the server with handleRequest from links.js.',
  }));
}

/** Waits until the app exits or binds something, whichever comes first. */
async function exitOrListen(app, ms) {
  const until = Date.now() + ms;
  while (app.running && Date.now() < until) {
    if (app.listenEvents().some((e) => e.event === 'listening' || (e.event === 'error' && e.code === 'EADDRINUSE'))) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  await new Promise((r) => setTimeout(r, 50));
}

/** What the app did with the port it was not given: listened somewhere, tried to, or nothing. */
function describeGuess(app) {
  const events = app.listenEvents();
  const call = events.find((e) => e.event === 'listen-called');
  const bound = events.find((e) => e.event === 'listening');
  const busy = events.find((e) => e.event === 'error' && e.code === 'EADDRINUSE');
  if (bound?.pipe) {
    return `it listened on a socket file named ${show(bound.pipe)} instead of a TCP port: listen() treats a value that is not a number as a file path.`;
  }
  if (bound) {
    const noPort = call && call.args?.[0] == null;
    return noPort
      ? `it called listen() without a port, so the operating system picked a random one (${bound.port}) that no router knows about.`
      : `it started listening on port ${bound.port} anyway, a port nobody told it to use.`;
  }
  if (busy) return `it tried to listen on port ${busy.port} anyway (a default), which another program was using.`;
  return '';
}

test('answers HTTP on the port given in PORT', async (t) => {
  const port = await freePort();
  await startOnPort(t, port);
  await expectShortlinks(port);
});

/** Declared where it runs: in the concurrent group when the listen observer can tell apps apart, else alone. */
function listensOnlyOnPort() {
  test('listens only on the port given in PORT (no hard-coded port)', async (t) => {
    const port = await freePort();
    // Baseline for the probing fallback. Connecting (not binding) leaves these ports alone for the apps of other checks.
    const answering = await Promise.all(COMMON_DEFAULTS.map((p) => (p === port ? Promise.resolve('') : connectHost(p))));
    const freeBefore = COMMON_DEFAULTS.filter((p, i) => p !== port && !answering[i]);
    const app = await startOnPort(t, port);
    // A second listen() right after the first: wait until the app is done calling listen().
    if (app.observerLoaded()) await listenSettled(app, { timeoutMs: READY_MS });
    else await new Promise((r) => setTimeout(r, LISTEN_QUIET_MS));

    const events = app.listenEvents();
    const others = events.filter((e) => (e.event === 'listening' && e.port !== port) || (e.event === 'error' && e.code === 'EADDRINUSE' && e.port !== port));
    let observed = '';
    if (others.length) {
      const names = [...new Set(others.map((e) => (e.pipe ? `a socket file ${show(e.pipe)}` : `port ${e.port}`)))];
      const tried = others.some((e) => e.event === 'error');
      observed = `With PORT=${port}, your app ${tried ? 'also tried to listen on' : 'also listens on'} ${names.join(' and ')}.`;
    } else if (!app.observerLoaded()) {
      // Without the observer, fall back to probing ports that were free before the app started.
      const taken = [];
      for (const p of freeBefore) if (await connectHost(p)) taken.push(p);
      if (taken.length) observed = `With PORT=${port}, something started listening on port ${taken.join(' and ')} as your app started.`;
    }
    ensure(!observed, {
      observed,
      expected: 'the app listens on the one port it is given. A fixed extra port collides with other apps on the same machine, and the router will never send traffic to it.',
      hint: `${LISTEN_HINT} Remove any other listen() call or fixed port number.`,
    });
  });
}

const OBSERVED = listenObserverSupported();
if (!OBSERVED) listensOnlyOnPort();

concurrently(() => {
  if (OBSERVED) listensOnlyOnPort();

  test('two copies run side by side on different ports', async (t) => {
    const [portA, portB] = await freePorts(2);
    const a = await startApp(t, { command: COMMAND, env: { PORT: String(portA) }, label: 'first copy' });
    const b = await startApp(t, { command: COMMAND, env: { PORT: String(portB) }, label: 'second copy' });
    const copies = [
      { app: a, port: portA, name: 'The first copy' },
      { app: b, port: portB, name: 'The second copy' },
    ];
    const waits = copies.map((copy) =>
      waitForPort(copy.port, { app: copy.app, timeoutMs: READY_MS, elsewhereGraceMs: ELSEWHERE_GRACE_MS }).then((ready) => ({ ...copy, ready })),
    );
    // Both must answer: the first copy that does not is enough to fail, without waiting for the other.
    const first = await Promise.race(waits);
    for (const { ready, app, port, name } of first.ready.ok ? await Promise.all(waits) : [first]) {
      if (!ready.ok) {
        fail({
          observed: `Two copies of your app were started at the same time, with PORT=${portA} and PORT=${portB}. ${name} did not answer: ${explainNotListening(app, port, { waitedMs: ready.elapsedMs })}`,
          expected: 'both copies run at once, each on its own port. That is how a platform runs several instances of one app, or several apps, on one machine.',
          hint: LISTEN_HINT,
        });
      }
    }
    await expectShortlinks(portA, 'The first copy');
    await expectShortlinks(portB, 'The second copy');
  });

  test('without PORT, stops at start-up with an error that names PORT', async (t) => {
    const app = await startApp(t, { command: COMMAND, env: {} });
    await exitOrListen(app, READY_MS);
    const expected = 'without PORT the app cannot know where the platform routes traffic, so it stops at once with an error message that names PORT, and a non-zero exit code.';
    const hint = 'server.js, where the port is read: check process.env.PORT before calling listen().';
    const guess = describeGuess(app);
    if (guess) fail({ observed: `Your app was started without PORT, and ${guess}`, expected, hint });
    if (app.running) {
      fail({ observed: `Your app was started without PORT and was still running ${READY_MS / 1000} s later, without listening anywhere.`, expected, hint });
    }
    const status = app.exitStatus;
    ensure(status?.code !== 0, {
      observed: `Without PORT, your app exited with code 0, which tells the platform that all is well. It printed:\n${excerpt(app.output())}`,
      expected,
      hint: `${hint} Exit with process.exit(1), or throw an Error.`,
    });
    ensure(/\bPORT\b/.test(app.output()), {
      observed: `Without PORT, your app stopped (exit code ${status?.code ?? status?.signal}), but its message does not mention PORT:\n${excerpt(app.output())}`,
      expected,
      hint: `${hint} Say what is missing, e.g. "PORT is not set".`,
    });
  });

  test('a PORT that is not a port number stops start-up with an error that names PORT', async (t) => {
    const value = 'eighty';
    const app = await startApp(t, { command: COMMAND, env: { PORT: value } });
    await exitOrListen(app, READY_MS);
    const expected = 'a PORT that is not a whole number from 1 to 65535 is a broken configuration: the app stops at once with an error that names PORT, and a non-zero exit code.';
    const hint = 'server.js, where the port is read: turn PORT into a number and check it before calling listen().';
    const guess = describeGuess(app);
    if (guess) fail({ observed: `Your app was started with PORT=${value}, and ${guess}`, expected, hint });
    if (app.running) {
      fail({ observed: `With PORT=${value}, your app was still running ${READY_MS / 1000} s later, without listening anywhere.`, expected, hint });
    }
    ensure(app.exitStatus?.code !== 0 && /\bPORT\b/.test(app.output()), {
      observed: `With PORT=${value}, your app ${app.exitStatus?.code === 0 ? 'exited with code 0' : 'stopped'} and printed:\n${excerpt(app.output())}`,
      expected,
      hint,
    });
  });
});

test('logs the port it listens on', async (t) => {
  const port = await freePort();
  const app = await startOnPort(t, port);
  const seen = await app.waitForOutput(new RegExp(`(^|\\D)${port}(\\D|$)`), { timeoutMs: 1000 });
  ensure(seen, {
    observed: `Your app listens on port ${port}, but it did not print that number. It printed:\n${excerpt(app.output())}`,
    expected: `a start-up line with the port it actually listens on, e.g. "Shortlinks listening on port ${port}". Operators read it to see where a process is; a public URL baked into the app would be a guess.`,
    hint: 'the callback of listen() in server.js: log server.address().port or the port you read from PORT.',
  });
});
