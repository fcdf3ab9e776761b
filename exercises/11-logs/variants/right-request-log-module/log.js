// A small structured logger in the style of pino: numeric levels, time in ms since
// the epoch, child loggers that carry fields. Every event is one line of JSON on
// stdout, written synchronously when it happens; nothing is kept or stored here.
import { writeSync } from 'node:fs';

const LEVELS = { info: 30, warn: 40, error: 50 };

export class Logger {
  #bindings;

  /** @param {Record<string, unknown>} [bindings] */
  constructor(bindings = {}) {
    this.#bindings = bindings;
  }

  /** @param {Record<string, unknown>} bindings */
  child(bindings) {
    return new Logger({ ...this.#bindings, ...bindings });
  }

  /** @param {keyof typeof LEVELS} level @param {string} msg @param {Record<string, unknown>} fields */
  #write(level, msg, fields = {}) {
    const line = JSON.stringify({ level: LEVELS[level], time: Date.now(), pid: process.pid, ...this.#bindings, ...fields, msg });
    writeSync(1, `${line}\n`);
  }

  info(msg, fields) {
    this.#write('info', msg, fields);
  }
  warn(msg, fields) {
    this.#write('warn', msg, fields);
  }
  error(msg, fields) {
    this.#write('error', msg, fields);
  }
}

export const log = new Logger();
