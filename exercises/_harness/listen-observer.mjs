// Preloaded into the learner's app with `node --import` so the tests can tell
// exactly which ports the app bound (or tried to bind). This is what lets a
// failure say "your app listens on 8080, PORT was 41234" instead of only
// "nothing answered". It only observes: it adds no 'error' listener (that would
// turn an unhandled EADDRINUSE crash into silence) and changes no arguments.
//
// Learner code runs in the same process after this module, so everything used
// later is taken now, before it can be replaced: patching fs.appendFileSync (and
// syncBuiltinESMExports()), JSON.stringify, Date.now, or Server.prototype.address
// does not blind the observer. (What it still cannot stop, such as a listener
// opened without net.Server, the harness sees from outside: sockets.mjs.)
import net from 'node:net';
import fs from 'node:fs';
import { EventEmitter } from 'node:events';

const appendFileSync = fs.appendFileSync;
const stringify = JSON.stringify;
const now = Date.now;
const { apply } = Reflect;
const originalAddress = net.Server.prototype.address;
const originalOn = EventEmitter.prototype.on;
const pid = process.pid;

const logFile = process.env.TFC_LISTEN_LOG;

/** @param {Record<string, unknown>} event */
function record(event) {
  if (!logFile) return;
  try {
    appendFileSync(logFile, `${stringify({ pid, t: now(), ...event })}\n`);
  } catch {
    // Observation must never break the learner's app.
  }
}

/** Summarises listen() arguments without functions or huge objects. */
function describeArgs(args) {
  return args
    .filter((a) => typeof a !== 'function')
    .map((a) => {
      if (a && typeof a === 'object') {
        const { port, host, path } = /** @type {any} */ (a);
        return { port, host, path };
      }
      return a;
    });
}

if (logFile) {
  record({ event: 'loaded' });
  const originalListen = net.Server.prototype.listen;
  const observed = new WeakSet();
  net.Server.prototype.listen = function listen(...args) {
    record({ event: 'listen-called', args: describeArgs(args) });
    if (!observed.has(this)) {
      observed.add(this);
      apply(originalOn, this, ['listening', () => {
        const address = apply(originalAddress, this, []);
        if (typeof address === 'string') record({ event: 'listening', pipe: address });
        else if (address) record({ event: 'listening', port: address.port, address: address.address, family: address.family });
      }]);
      // Wrap emit rather than listen for 'error': a listener would count as handling the error.
      const originalEmit = this.emit;
      this.emit = function emit(name, ...rest) {
        if (name === 'error') {
          const err = /** @type {any} */ (rest[0]);
          record({ event: 'error', code: err?.code, port: err?.port, address: err?.address, message: String(err?.message ?? err) });
        }
        return apply(originalEmit, this, [name, ...rest]);
      };
    }
    try {
      return apply(originalListen, this, args);
    } catch (err) {
      const e = /** @type {any} */ (err);
      record({ event: 'error', code: e?.code, message: String(e?.message ?? e) });
      throw err;
    }
  };
}
