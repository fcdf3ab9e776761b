// A process formation started from a Procfile (factor VIII, concurrency): the
// process types an app declares, and how many processes of each type run.
//
//   const formation = await startFormation(t, {
//     counts: { web: 2, worker: 2 },
//     env: { STORE_URL: kv.url, QUEUE_URL: queue.url },
//   });
//   formation.of('web')        // [{ name: 'web.1', type, index, port, app, env }, …]
//   await formation.scale('worker', 3);
//   formation.exited()         // processes whose started pid is gone
//   formation.strays()         // processes of the formation outside the started processes' groups (Linux)
//
// Each process is started with startApp() (process.mjs), so it runs in its own
// process group and is killed when the check `t` ends, like any app.
//
// The Procfile convention (Heroku, Foreman): one `<type>: <command>` line per
// process type. Rules applied here (every exercise states them to the learner):
// - blank lines, and lines whose first non-blank character is `#`, are ignored;
// - any other line must be `<type>: <command>`, the type made of letters, digits,
//   `_` and `-`; a type may appear once;
// - the command is split into words like a shell would for simple commands:
//   whitespace separates words, '…' and "…" quote, a backslash escapes the next
//   character; `$NAME` and `${NAME}` are replaced by the process's variable
//   (empty when unset; not inside single quotes); leading `NAME=value` words set
//   variables for that process; a leading `exec` is dropped;
// - shell operators (`&&`, `||`, `;`, `|`, `&`, `<`, `>`, `$(…)`, backticks) are
//   refused: a command starts one program, which stays in the foreground.
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { learnerDir } from './env.mjs';
import { LearnerFacingError, formatFailure } from './failures.mjs';
import { freePort } from './net.mjs';
import { startApp } from './process.mjs';

/**
 * @typedef {object} ProcfileEntry
 * @property {string} type      e.g. "web"
 * @property {string} command   the text after the colon, trimmed
 * @property {number} line      1-based line number
 */

/**
 * @typedef {object} ProcfileProblem
 * @property {number} line
 * @property {string} text      the line as written
 * @property {string} reason
 */

/**
 * Parses a Procfile's text. Never throws: lines it cannot read are listed in `problems`.
 * @param {string} text
 * @returns {{ entries: ProcfileEntry[], problems: ProcfileProblem[] }}
 */
export function parseProcfile(text) {
  /** @type {ProcfileEntry[]} */
  const entries = [];
  /** @type {ProcfileProblem[]} */
  const problems = [];
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  lines.forEach((raw, i) => {
    const line = raw.trim();
    if (!line || line.startsWith('#')) return;
    const m = /^([A-Za-z0-9_-]+)\s*:\s*(.*)$/.exec(line);
    if (!m) {
      problems.push({ line: i + 1, text: raw, reason: 'not of the form "<type>: <command>" (a type made of letters, digits, _ and -)' });
      return;
    }
    const [, type = '', command = ''] = m;
    if (!command.trim()) {
      problems.push({ line: i + 1, text: raw, reason: `the type "${type}" has no command` });
      return;
    }
    if (entries.some((e) => e.type === type)) {
      problems.push({ line: i + 1, text: raw, reason: `the type "${type}" is declared twice` });
      return;
    }
    entries.push({ type, command: command.trim(), line: i + 1 });
  });
  return { entries, problems };
}

/**
 * Splits a Procfile command into the program's words, as a shell would for a
 * simple command. Returns `{ error }` for what a single foreground program cannot be
 * (shell operators, unbalanced quotes, nothing to run).
 * @param {string} command
 * @param {Record<string, string | undefined>} env  the process's variables, for `$NAME` / `${NAME}`
 * @returns {{ argv: string[], assignments: Record<string, string> } | { error: string }}
 */
export function parseCommand(command, env = {}) {
  /** @type {string[]} */
  const words = [];
  /** @type {boolean[]} whether each word had an unquoted `=` before any quote (an assignment candidate) */
  const assignable = [];
  let word = '';
  let inWord = false;
  let canAssign = true;
  /** @type {'' | "'" | '"'} */
  let quote = '';
  const finish = () => {
    if (inWord) {
      words.push(word);
      assignable.push(canAssign && /^[A-Za-z_][A-Za-z0-9_]*=/.test(word));
    }
    word = '';
    inWord = false;
    canAssign = true;
  };
  for (let i = 0; i < command.length; i++) {
    const c = /** @type {string} */ (command[i]);
    if (quote === "'") {
      if (c === "'") quote = '';
      else word += c;
      continue;
    }
    if (c === '\\') {
      if (i + 1 < command.length) word += command[++i];
      inWord = true;
      continue;
    }
    if (c === '$') {
      if (command[i + 1] === '(') return { error: 'it uses $( … ): a Procfile command here starts one program, without shell substitutions' };
      const m = /^\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))/.exec(command.slice(i));
      if (m) {
        word += env[m[1] ?? m[2] ?? ''] ?? '';
        inWord = true;
        i += m[0].length - 1;
        continue;
      }
      word += c;
      inWord = true;
      continue;
    }
    if (quote === '"') {
      if (c === '"') quote = '';
      else word += c;
      continue;
    }
    if (c === "'" || c === '"') {
      quote = c;
      inWord = true;
      if (!word.includes('=')) canAssign = false;
      continue;
    }
    if (c === '`') return { error: 'it uses backticks: a Procfile command here starts one program, without shell substitutions' };
    if (/[;&|<>]/.test(c)) {
      const op = /^(&&|\|\||[;&|<>])/.exec(command.slice(i))?.[0] ?? c;
      const why =
        op === '&'
          ? 'a trailing & sends the program to the background, and the process manager loses it'
          : 'a Procfile command here starts one program, without shell operators';
      return { error: `it uses the shell operator ${op}: ${why}` };
    }
    if (/\s/.test(c)) {
      finish();
      continue;
    }
    word += c;
    inWord = true;
  }
  if (quote) return { error: `a ${quote === "'" ? 'single' : 'double'} quote is not closed` };
  finish();
  /** @type {Record<string, string>} */
  const assignments = {};
  let start = 0;
  while (start < words.length && assignable[start]) {
    const w = /** @type {string} */ (words[start]);
    const at = w.indexOf('=');
    assignments[w.slice(0, at)] = w.slice(at + 1);
    start++;
  }
  if (words[start] === 'exec') start++;
  const argv = words.slice(start);
  if (!argv.length) return { error: 'it names no program to run' };
  return { argv, assignments };
}

/**
 * Reads and parses the learner's Procfile (default `<learner folder>/Procfile`).
 * @param {string} [file]
 * @returns {{ file: string, exists: boolean, text: string, entries: ProcfileEntry[], problems: ProcfileProblem[] }}
 */
export function readProcfile(file = path.join(learnerDir(), 'Procfile')) {
  let text;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return { file, exists: false, text: '', entries: [], problems: [] };
  }
  return { file, exists: true, text, ...parseProcfile(text) };
}

/**
 * @typedef {object} FormationProcess
 * @property {string} name        e.g. "web.1" (type.index, as Foreman and Heroku name them)
 * @property {string} type
 * @property {number} index       1-based within its type
 * @property {number | undefined} port   the PORT it was given (web processes, or any type `portFor` picks)
 * @property {Record<string, string>} env  the variables it was given (before startApp adds PATH and markers)
 * @property {string[]} argv
 * @property {import('./process.mjs').App} app
 */

/**
 * @typedef {object} FormationOptions
 * @property {Record<string, number>} counts      processes per type, e.g. { web: 2, worker: 2 }
 * @property {Record<string, string>} [env]       variables for every process
 * @property {(p: { type: string, index: number, name: string, port: number | undefined }) => Record<string, string>} [envFor]
 *           extra variables for one process (e.g. its own QUEUE_URL)
 * @property {(type: string) => boolean} [portFor] which types get a fresh PORT (default: only `web`)
 * @property {string} [procfile]                  path of the Procfile (default: the learner's)
 * @property {string} [cwd]                       default: the learner's folder
 * @property {(command: { type: string, argv: string[] }) => string | undefined} [refuse]
 *           a reason to refuse a command (e.g. "run node directly"), checked before anything starts
 */

/**
 * A learner-facing failure about the Procfile (status `fail`).
 * @param {string} observed @param {string} expected
 */
function procfileFailure(observed, expected) {
  return new LearnerFacingError(
    formatFailure({ observed, expected, hint: 'Procfile, in the root of your app: one "<type>: <command>" line per process type' }),
  );
}

/**
 * Starts a process formation from the Procfile: `counts[type]` processes of each
 * type named in `counts` (types the Procfile declares but `counts` omits are not
 * started). Throws a learner-facing failure when the Procfile is missing, has a line
 * it cannot read, lacks a type that `counts` asks for, or has a command that is not
 * one program. Every process is killed when check `t` ends (or with `stop()`).
 * @param {import('node:test').TestContext | null} t
 * @param {FormationOptions} options
 */
export async function startFormation(t, options) {
  const procfile = readProcfile(options.procfile);
  const where = path.basename(procfile.file);
  if (!procfile.exists) throw procfileFailure(`there is no ${where} in your app's folder`, 'a file named Procfile that declares the process types, e.g. "web: node server.js"');
  if (procfile.problems.length) {
    const list = procfile.problems.map((p) => `line ${p.line} ${JSON.stringify(p.text.trim())}: ${p.reason}`).join('; ');
    throw procfileFailure(`${where} has lines that cannot be read: ${list}`, 'every line is "<type>: <command>", blank, or a # comment');
  }
  /** @type {Map<string, ProcfileEntry>} */
  const byType = new Map(procfile.entries.map((e) => [e.type, e]));
  for (const type of Object.keys(options.counts)) {
    if (!byType.has(type)) {
      const declared = procfile.entries.map((e) => e.type).join(', ') || 'none';
      throw procfileFailure(`${where} declares no "${type}" process type (declared: ${declared})`, `a line "${type}: <command>" in the Procfile`);
    }
  }
  const marker = randomUUID();
  const portFor = options.portFor ?? ((type) => type === 'web');
  /** @type {FormationProcess[]} */
  const processes = [];
  /** @type {Map<string, number>} */
  const started = new Map();

  /** @param {string} type */
  async function startOne(type) {
    const entry = /** @type {ProcfileEntry} */ (byType.get(type));
    const index = (started.get(type) ?? 0) + 1;
    started.set(type, index);
    const name = `${type}.${index}`;
    const port = portFor(type) ? await freePort() : undefined;
    /** @type {Record<string, string>} */
    const env = { ...(options.env ?? {}) };
    if (port !== undefined) env.PORT = String(port);
    Object.assign(env, options.envFor?.({ type, index, name, port }) ?? {});
    const parsed = parseCommand(entry.command, env);
    if ('error' in parsed) {
      throw procfileFailure(`the command of "${type}" (line ${entry.line}: ${JSON.stringify(entry.command)}) cannot be run: ${parsed.error}`, 'a command that starts one program in the foreground, e.g. "node worker.js"');
    }
    const refusal = options.refuse?.({ type, argv: parsed.argv });
    if (refusal) throw procfileFailure(`the command of "${type}" (line ${entry.line}: ${JSON.stringify(entry.command)}) ${refusal}`, 'a command that starts one program in the foreground, e.g. "node worker.js"');
    Object.assign(env, parsed.assignments);
    const app = await startApp(t, {
      command: parsed.argv,
      env: { ...env, TFC_FORMATION: `${marker}:${name}` },
      label: `${name} (${parsed.argv.join(' ')})`,
      ...(options.cwd ? { cwd: options.cwd } : {}),
    });
    /** @type {FormationProcess} */
    const proc = { name, type, index, port, env, argv: parsed.argv, app };
    processes.push(proc);
    return proc;
  }

  // Refuse a bad command before anything starts.
  for (const type of Object.keys(options.counts)) {
    const entry = /** @type {ProcfileEntry} */ (byType.get(type));
    const probe = parseCommand(entry.command, {});
    if ('error' in probe) {
      throw procfileFailure(`the command of "${type}" (line ${entry.line}: ${JSON.stringify(entry.command)}) cannot be run: ${probe.error}`, 'a command that starts one program in the foreground, e.g. "node worker.js"');
    }
  }

  const formation = {
    marker,
    procfile,
    processes,
    /** The processes of one type, in start order. @param {string} type */
    of(type) {
      return processes.filter((p) => p.type === type);
    },
    /**
     * Starts or stops processes until `count` of `type` run (stopping the newest first).
     * @param {string} type @param {number} count
     */
    async scale(type, count) {
      if (!byType.has(type)) throw procfileFailure(`${where} declares no "${type}" process type`, `a line "${type}: <command>" in the Procfile`);
      const current = processes.filter((p) => p.type === type);
      const toStart = count - current.length;
      if (toStart > 0) return Promise.all(Array.from({ length: toStart }, () => startOne(type)));
      const toStop = current.slice(count);
      for (const p of toStop) processes.splice(processes.indexOf(p), 1);
      await Promise.all(toStop.map((p) => p.app.stop()));
      return [];
    },
    /** Processes whose started pid has exited. */
    exited() {
      return processes.filter((p) => !p.app.running);
    },
    /**
     * Processes started by the formation (they carry its marker) that are neither a
     * started process nor in the process group of one: they left it (detached,
     * setsid) or outlived their parent. Linux only (/proc); elsewhere always [].
     * @returns {{ pid: number, from: string, pgid: number, command: string }[]}
     */
    strays() {
      return findMarked(marker).filter((s) => !processes.some((p) => p.app.pid === s.pid || (p.app.running && p.app.pid === s.pgid)));
    },
    /** Kills every process of the formation, and its strays. */
    async stop() {
      const strays = findMarked(marker);
      await Promise.all(processes.map((p) => p.app.stop()));
      for (const s of strays) {
        try {
          process.kill(s.pid, 'SIGKILL');
        } catch {
          // gone
        }
      }
      // A killed process takes a moment to die: return once none of them is left (or after 3 s).
      for (let waited = 0; waited < 3000 && strays.length && findMarked(marker).some((s) => strays.some((k) => k.pid === s.pid)); waited += 50) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
  };
  if (t && typeof t.after === 'function') t.after(() => formation.stop());
  try {
    for (const [type, count] of Object.entries(options.counts)) {
      await Promise.all(Array.from({ length: count }, () => startOne(type)));
    }
  } catch (err) {
    await formation.stop();
    throw err;
  }
  return formation;
}

/**
 * Processes whose environment holds TFC_FORMATION=<marker>:… (Linux; elsewhere []).
 * @param {string} marker
 * @returns {{ pid: number, from: string, pgid: number, command: string }[]}
 */
function findMarked(marker) {
  if (process.platform !== 'linux') return [];
  const needle = Buffer.from(`TFC_FORMATION=${marker}:`);
  /** @type {{ pid: number, from: string, pgid: number, command: string }[]} */
  const found = [];
  /** @type {string[]} */
  let entries;
  try {
    entries = readdirSync('/proc');
  } catch {
    return found;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const environ = readFileSync(`/proc/${entry}/environ`);
      const at = environ.indexOf(needle);
      if (at < 0 || (at > 0 && environ[at - 1] !== 0)) continue;
      const end = environ.indexOf(0, at);
      const from = environ.subarray(at + needle.length, end < 0 ? undefined : end).toString('utf8');
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (fields[0] === 'Z') continue; // a zombie: already dead, waiting for its parent
      const pgid = Number(fields[2]);
      const command = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' ');
      found.push({ pid: Number(entry), from, pgid, command });
    } catch {
      // gone, or not ours to read
    }
  }
  return found;
}
