// Turns what we know about a learner's process (exit status, output, ports it
// bound) into the "Observed:" sentence of a failure message. Shared by all
// exercises, so every one of them explains a crash or a wrong port the same way.
import { LearnerFacingError, formatFailure } from './failures.mjs';
import { waitForPort } from './net.mjs';

/**
 * The first error a crashed Node process printed, with its place in the learner's files:
 * "SyntaxError: Unexpected end of input (server.js, line 2)". Null when there is none.
 * @param {string} stderr  output with paths already relative (App#stderr())
 */
export function crashSummary(stderr) {
  // "TypeError: x is not a function", "Error [ERR_MODULE_NOT_FOUND]: Cannot find module …"
  const thrownLine = /^(?:Uncaught )?[A-Z]\w*(?: \[[A-Z_]+\])?: .*$/m.exec(stderr)?.[0];
  if (!thrownLine) return null;
  // "server.js:3" heading a code frame, or the first stack frame inside the learner's folder.
  const place =
    /^(?!node:)([^\s:()]+\.[cm]?[jt]s):(\d+)$/m.exec(stderr) ??
    /\(?(?!node:)([^\s():]+\.[cm]?[jt]s):(\d+):\d+\)?$/m.exec(stderr);
  const where = place && !place[1]?.startsWith('/') ? ` (${place[1]}, line ${place[2]})` : '';
  return `${thrownLine.trim()}${where}`;
}

/**
 * One sentence on how an app ended: "exited with code 1", "was stopped by signal SIGKILL".
 * @param {import('./process.mjs').ExitStatus} status
 */
export function describeExit(status) {
  if (status.signal) return `was stopped by signal ${status.signal}`;
  return `exited with code ${status.code}`;
}

/** @param {import('./process.mjs').ListenEvent} e */
function describeBinding(e) {
  if (e.pipe) return `a socket file named ${JSON.stringify(e.pipe)} (listen() got a value that is not a port number)`;
  return `port ${e.port}`;
}

/**
 * Why `app` does not answer on `port`, in one or two plain sentences.
 * @param {import('./process.mjs').App} app
 * @param {number} port
 * @param {{ waitedMs?: number, portSource?: string }} [context] portSource: how the port was given, e.g. "the PORT variable"
 */
export function explainNotListening(app, port, { waitedMs, portSource = 'the PORT variable' } = {}) {
  const events = app.listenEvents();
  const bound = events.filter((e) => e.event === 'listening' && e.port !== port);
  const busy = events.filter((e) => e.event === 'error' && e.code === 'EADDRINUSE' && e.port !== port);
  const listenErrors = events.filter((e) => e.event === 'error' && e.code !== 'EADDRINUSE');
  const sentences = [];
  const waited = waitedMs ? ` within ${Math.round(waitedMs / 100) / 10} s` : '';

  if (!app.running && app.exitStatus) {
    const crash = crashSummary(app.stderr());
    if (app.exitStatus.code === 0 && !app.exitStatus.signal && !events.some((e) => e.event === 'listening')) {
      sentences.push(
        `Your app ${describeExit(app.exitStatus)} right after starting, without ever listening on a port. ` +
          'A self-contained app starts its own server and keeps running; nothing else will start or mount a server for it.',
      );
    } else {
      sentences.push(`Your app ${describeExit(app.exitStatus)} before anything answered on port ${port} (${portSource}).`);
      if (crash) sentences.push(`It stopped with: ${/[.!?]$/.test(crash) ? crash : `${crash}.`}`);
    }
  } else if (bound.length) {
    sentences.push(`Nothing answered on port ${port} (${portSource}): your app is listening on ${unique(bound.map(describeBinding)).join(' and ')} instead.`);
  } else {
    sentences.push(`Nothing answered on port ${port} (${portSource})${waited}, although your app is still running.`);
  }
  if (bound.length && !app.running) {
    sentences.push(`It was listening on ${unique(bound.map(describeBinding)).join(' and ')} instead.`);
  }
  if (busy.length) {
    sentences.push(
      `It tried to listen on port ${unique(busy.map((e) => String(e.port))).join(' and ')}, which another program was already using.`,
    );
  }
  if (listenErrors.length && !busy.length) {
    sentences.push(`listen() failed: ${listenErrors[0]?.message}`);
  }
  if (app.running && app.observerLoaded() && !events.some((e) => e.event === 'listen-called')) {
    sentences.push('It has not called listen() on any server yet.');
  }
  const cpu = app.cpuDemandSeconds();
  const alive = (Date.now() - app.startedAt) / 1000;
  // An app waiting for I/O wants almost no CPU; a loop wants it all the time (running, or waiting for a core on a busy machine).
  if (app.running && cpu !== null && alive > 1 && cpu / alive > 0.4) {
    sentences.push('It keeps the CPU busy without listening: probably an endless loop before (or instead of) listen().');
  }
  return sentences.join(' ');
}

/**
 * Waits for `app` to answer on `port`; fails the check with an explanation when it does not.
 * @param {import('./process.mjs').App} app
 * @param {number} port
 * @param {{ timeoutMs?: number, elsewhereGraceMs?: number, expected: string, hint?: string, portSource?: string }} options  elsewhereGraceMs: see waitForPort()
 * @returns {Promise<string>} the loopback host that answered
 */
export async function expectListening(app, port, { timeoutMs = 5000, elsewhereGraceMs, expected, hint, portSource }) {
  const result = await waitForPort(port, { app, timeoutMs, ...(elsewhereGraceMs === undefined ? {} : { elsewhereGraceMs }) });
  if (result.ok && result.host) return result.host;
  const explanation = { observed: explainNotListening(app, port, { waitedMs: result.elapsedMs, ...(portSource ? { portSource } : {}) }), expected };
  throw new LearnerFacingError(formatFailure(hint ? { ...explanation, hint } : explanation));
}

/** @template T @param {T[]} list */
function unique(list) {
  return [...new Set(list)];
}

/**
 * The last lines an app printed, indented, for "Your app printed: …" sentences.
 * @param {string} text
 * @param {number} [lines]
 */
export function excerpt(text, lines = 5) {
  if (!text.trim()) return '  (nothing)';
  const all = text.trimEnd().split('\n');
  const shown = all.slice(-lines).map((l) => `  ${l.length > 160 ? `${l.slice(0, 159)}…` : l}`);
  return (all.length > lines ? '  …\n' : '') + shown.join('\n');
}
