// Hidden checks for exercise 05, build, release, run. Behaviour only: the checks
// run the learner's three stages as real processes, the way a deployment
// platform would, in a copy of the learner's folder (the learner's own folder is
// never written to), and look at what each stage leaves on disk and serves.
// (This file runs from <root>/hidden/tests/, so the harness is ../_harness/.)
//
// One deploy history is played once, in order, and shared by the checks:
//   node build.js                        empty environment
//   node release.js  ×2, back to back    PUBLIC_URL = ONE, TWO
//   (a link is added to src/seeds.txt: new code)
//   node build.js                        empty environment
//   node release.js                      PUBLIC_URL = THREE
// The release commands run with a test clock (preloaded with node --import): the
// clocks of the first two releases start at T0 and T0 + 300 ms, T0 a whole second,
// and run on from there; the third starts at T0 + 10 s. So the first two happen
// within one second, however busy the machine (an id that is a timestamp to the
// second repeats), 300 ms apart (one to the millisecond does not), and every
// release is later than the one before. Nothing else is changed.
// Each release is hashed (file names and bytes, following symbolic links) when it
// appears and again after every later step. Then the folder is copied: in the
// copy, src/ and build/ stay; in the original and in a second copy they are
// deleted, as on a server that receives releases only. The run checks start
// `node run.js [id]` with nothing but PORT in the environment, at the same time
// (concurrently()), each in its own folder.
import { appendFileSync, cpSync, existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  concurrently,
  ensure,
  excerpt,
  expectListening,
  fail,
  freePort,
  learnerDir,
  request,
  show,
  snapshotTree,
  startApp,
  test,
  treeChanges,
} from '../_harness/index.mjs';

/** A stage command (build or release) must finish within this. */
const STAGE_MS = 10_000;
/** The web process must answer within this. */
const READY_MS = 10_000;
/** The run checks wait for the shared deploy history first. */
const RUN_CHECK_MS = 40_000;

/** The config of the three releases: no value is part of another. */
const CONFIGS = ['https://one.sho.example', 'https://two.sho.example', 'https://three.sho.example'];
/** The new code between the two builds: one more seeded link. */
const tag = Math.random().toString(36).slice(2, 8);
const NEW_LINK = { code: `next-${tag}`, url: `https://example.org/second-build/${tag}` };

const BUILD_HINT = 'build.js: compile src/seeds.txt and src/landing.html with src/compile.js and write the results, with the code that serves them, into build/. Read no environment variable there.';
const RELEASE_HINT = 'release.js: create a new folder releases/<id> (an id no release had before), copy build/ into it, store the config from the environment next to it, and print the id.';
const RUN_HINT = 'run.js: pick the release (the id given as argument, or the newest), then start the web process from the files in releases/<id>/, with the config stored there and PORT from the environment.';

const scratchRoot = mkdtempSync(path.join(process.env.TFC_SCRATCH_DIR || tmpdir(), 'tfc-05-'));
process.on('exit', () => rmSync(scratchRoot, { recursive: true, force: true }));

/** Milliseconds between the clocks of the first two releases (see the header). */
const CLOCK_STEP_MS = 300;
/** Where the clock of each release starts, after T0 (see the header). */
const CLOCK_OFFSETS_MS = [0, CLOCK_STEP_MS, 10_000];
/** T0: the next whole second. */
const clockStart = Math.ceil(Date.now() / 1000) * 1000 + 1000;
/** The test clock: Date (called, constructed without arguments, or Date.now()) starts at TFC_CLOCK_START. */
const clockFile = path.join(scratchRoot, 'clock.mjs');
writeFileSync(
  clockFile,
  `const Real = Date;
const shift = Number(process.env.TFC_CLOCK_START) - Real.now();
const now = () => Real.now() + shift;
globalThis.Date = new Proxy(Real, {
  construct: (target, args, newTarget) => Reflect.construct(target, args.length ? args : [now()], newTarget),
  apply: () => new Real(now()).toString(),
  get: (target, prop, receiver) => (prop === 'now' ? now : Reflect.get(target, prop, receiver)),
});
`,
);
const clockFlag = `--import=${pathToFileURL(clockFile).href}`;

/** Copies the learner's folder, leaving out builds and releases made on the learner's machine. */
function copyLearnerTree() {
  const root = mkdtempSync(path.join(scratchRoot, 'deploy-'));
  const from = learnerDir();
  const skip = new Set(['build', 'releases', '.git'].map((name) => path.join(from, name)));
  cpSync(from, root, { recursive: true, verbatimSymlinks: true, filter: (src) => !skip.has(src) });
  return root;
}

/**
 * Runs one stage command to its end.
 * @returns {Promise<{ ok: boolean, code: number | null, signal: string | null, timedOut: boolean, output: string, stdout: string }>}
 */
async function runStage(cwd, args, env, nodeFlags = []) {
  const app = await startApp(null, { command: ['node', ...nodeFlags, ...args], env, cwd, label: `node ${args.join(' ')}`, observeListen: false });
  const status = await app.waitForExit(STAGE_MS);
  if (!status) await app.stop();
  const code = status?.code ?? null;
  return { ok: code === 0, code, signal: status?.signal ?? null, timedOut: !status, output: app.output(), stdout: app.stdout() };
}

/** How a stage ended, in words. */
function ended(result) {
  if (result.timedOut) return `was still running ${STAGE_MS / 1000} s later (a stage command must finish; it should not start a server)`;
  return result.code === null ? `was stopped by ${result.signal}` : `exited with code ${result.code}`;
}

/** Names of the release folders: real folders in releases/, not symbolic links, not hidden. */
function releaseIds(root) {
  const dir = path.join(root, 'releases');
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.'))
    .map((entry) => entry.name)
    .sort();
}

const list = (items, max = 6) => (items.length > max ? `${items.slice(0, max).join(', ')} and ${items.length - max} more` : items.join(', '));

/**
 * @typedef {{ label: string, config: string, result: Awaited<ReturnType<typeof runStage>>, before: string[], after: string[], id: string | null }} ReleaseStep
 * @typedef {{ id: string, step: string, changes: string[] }} Mutation
 * @typedef {{
 *   root: string, runCopy: string, rollbackCopy: string,
 *   build: Awaited<ReturnType<typeof runStage>> & { files: string[] } | null,
 *   rebuild: Awaited<ReturnType<typeof runStage>> | null,
 *   releases: ReleaseStep[], mutations: Mutation[],
 *   stoppedAt: string, complete: boolean,
 * }} History
 */

/** @type {Promise<History> | undefined} */
let history;
/** The shared deploy history, played once (see the header). */
const deployHistory = () => (history ??= playHistory());

async function playHistory() {
  const root = copyLearnerTree();
  /** @type {History} */
  const h = { root, runCopy: '', rollbackCopy: '', build: null, rebuild: null, releases: [], mutations: [], stoppedAt: '', complete: false };
  /** @type {Map<string, Map<string, string>>} */
  const snapshots = new Map();
  const recheck = (step) => {
    for (const [id, snapshot] of snapshots) {
      if (h.mutations.some((m) => m.id === id)) continue;
      const changes = treeChanges(snapshot, snapshotTree(path.join(root, 'releases', id)));
      if (changes.length) h.mutations.push({ id, step, changes });
    }
  };
  const release = async (n) => {
    const config = CONFIGS[n];
    const label = `the ${['first', 'second', 'third'][n]} release`;
    const before = releaseIds(root);
    const clock = { TFC_CLOCK_START: String(clockStart + CLOCK_OFFSETS_MS[n]) };
    const result = await runStage(root, ['release.js'], { PUBLIC_URL: config, ...clock }, [clockFlag]);
    const after = releaseIds(root);
    const added = after.filter((id) => !before.includes(id));
    /** @type {ReleaseStep} */
    const step = { label, config, result, before, after, id: added.length === 1 ? added[0] : null };
    h.releases.push(step);
    recheck(`node release.js made ${label}`);
    if (step.id) snapshots.set(step.id, snapshotTree(path.join(root, 'releases', step.id)));
    return result.ok && step.id !== null;
  };

  const build = await runStage(root, ['build.js'], {});
  const buildDir = path.join(root, 'build');
  h.build = { ...build, files: existsSync(buildDir) && statSync(buildDir).isDirectory() ? [...snapshotTree(buildDir).keys()] : [] };
  if (!build.ok || !h.build.files.length) return { ...h, stoppedAt: 'the build' };

  for (const n of [0, 1]) if (!(await release(n))) return { ...h, stoppedAt: h.releases.at(-1).label };

  appendFileSync(path.join(root, 'src', 'seeds.txt'), `\n${NEW_LINK.code} ${NEW_LINK.url}\n`);
  h.rebuild = await runStage(root, ['build.js'], {});
  recheck('node build.js ran again, after a change to src/seeds.txt');
  if (!h.rebuild.ok) return { ...h, stoppedAt: 'the second build' };
  if (!(await release(2))) return { ...h, stoppedAt: h.releases.at(-1).label };

  // The run checks, each in its own folder (a run may move a `current` pointer):
  // one copy keeps the sources and the build; the original and the rollback copy lose them.
  h.runCopy = mkdtempSync(path.join(scratchRoot, 'run-'));
  h.rollbackCopy = mkdtempSync(path.join(scratchRoot, 'rollback-'));
  for (const copy of [h.runCopy, h.rollbackCopy]) cpSync(root, copy, { recursive: true, verbatimSymlinks: true });
  for (const dir of [root, h.rollbackCopy]) {
    rmSync(path.join(dir, 'src'), { recursive: true, force: true });
    rmSync(path.join(dir, 'build'), { recursive: true, force: true });
  }
  h.complete = true;
  return h;
}

/**
 * Fails a check that needs the whole history when the history stopped early,
 * saying what the check will do once it can.
 */
function needComplete(h, then) {
  if (h.complete) return;
  fail({
    observed: `The deploy stopped at ${h.stoppedAt}, which failed (see the first failing check above), so this check could not be carried out.`,
    expected: `node build.js, then node release.js twice, a second node build.js after a change to src/seeds.txt, and a third node release.js all succeed, each release in a new folder. Then this check ${then}`,
    hint: 'the first failing check above.',
  });
}

/** A release's id by its position (0: PUBLIC_URL=ONE ... 2: THREE). */
const idOf = (h, n) => /** @type {string} */ (h.releases[n].id);

concurrently(() => {
  test('node build.js runs with an empty environment and writes the build into build/', { timeoutMs: RUN_CHECK_MS }, async () => {
    const { build, rebuild } = await deployHistory();
    if (!build) throw new Error('unreachable');
    ensure(build.ok, () => ({
      observed: `node build.js, started with an empty environment (no PUBLIC_URL, no PORT), ${ended(build)}. It printed:\n${excerpt(build.output)}`,
      expected: 'the build turns the code into an executable bundle and needs no config: one build can then be released to any deploy, each with its own config.',
      hint: BUILD_HINT,
    }));
    ensure(build.files.length > 0, () => ({
      observed: `node build.js exited with code 0, but there is no build/ folder with files in it. It printed:\n${excerpt(build.output)}`,
      expected: 'the build stage compiles the seeded links and the landing page, and puts them, with the code that serves them, into build/.',
      hint: BUILD_HINT,
    }));
    ensure(!rebuild || rebuild.ok, () => ({
      observed: `node build.js worked the first time, but the second time (after two releases, and one more link added to src/seeds.txt) it ${rebuild ? ended(rebuild) : ''}. It printed:\n${excerpt(rebuild?.output ?? '')}`,
      expected: 'the build can run again whenever the code changes, over the build/ of last time, with an empty environment.',
      hint: `${BUILD_HINT} Start from an empty build/ (rmSync(..., { recursive: true, force: true })) if old files get in the way.`,
    }));
  });

  test('each node release.js makes a new folder releases/<id>, with an id never used before, and prints the id', { timeoutMs: RUN_CHECK_MS }, async () => {
    const h = await deployHistory();
    if (!h.build?.ok || !h.build.files.length) {
      fail({
        observed: 'No release could be made: node build.js failed first (see the check about the build).',
        expected: 'node build.js, then node release.js, which turns that build and the config into a new release.',
        hint: BUILD_HINT,
      });
    }
    for (const step of h.releases) {
      const { result, label } = step;
      const command = `PUBLIC_URL=${step.config} node release.js`;
      ensure(result.ok, () => ({
        observed: `${command} (${label}) ${ended(result)}. It printed:\n${excerpt(result.output)}`,
        expected: 'the release stage combines the current build with the config in its environment into a new release, and exits with code 0.',
        hint: RELEASE_HINT,
      }));
      const added = step.after.filter((id) => !step.before.includes(id));
      if (added.length === 0) {
        const rewritten = h.mutations.find((m) => m.step.includes(label));
        fail({
          observed:
            `${command} (${label}) exited with code 0 but added no folder to releases/, which holds ${list(step.after) || 'nothing'}` +
            (rewritten ? `. It rewrote the existing release ${rewritten.id} instead (${list(rewritten.changes)}).` : '.') +
            (step.before.length && h.releases.indexOf(step) === 1 ? ` It came ${CLOCK_STEP_MS} ms after the release before it, in the same second: an id made from a clock reading to the second repeats.` : '') +
            ' (Symbolic links and hidden folders in releases/ do not count as releases.)',
          expected: 'every release gets a folder of its own, releases/<id>, with an id no release had before (an incrementing number, or a timestamp precise enough, made unique). The releases form an append-only ledger.',
          hint: `${RELEASE_HINT} mkdirSync() without { recursive: true } fails when the folder exists: it never reuses one.`,
        });
      }
      ensure(added.length === 1, () => ({
        observed: `${command} (${label}) added ${added.length} folders to releases/: ${list(added)}.`,
        expected: 'one release, one new folder: releases/<id>. A pointer to the current release, if you keep one, is a symbolic link or a file, not a copy that changes with each release.',
        hint: RELEASE_HINT,
      }));
      const id = added[0];
      ensure(result.stdout.includes(id), () => ({
        observed: `${command} made the release ${show(id)}, but did not print its id. It printed:\n${excerpt(result.stdout || '(nothing on stdout)')}`,
        expected: `the release stage prints the new release's id (${id}), so that the deploy can be named, logged, and rolled back to.`,
        hint: 'release.js: console.log() the id once the release is complete.',
      }));
    }
    needComplete(h, 'looks at all three releases.');
  });

  test('a release never changes once made: earlier releases stay byte-identical after a rebuild and new releases', { timeoutMs: RUN_CHECK_MS }, async () => {
    const h = await deployHistory();
    const [mutation] = h.mutations;
    if (mutation) {
      const symlink = /node build\.js/.test(mutation.step);
      fail({
        observed: `The release ${mutation.id} changed when ${mutation.step}: ${list(mutation.changes)}.` + (symlink ? ' A release that links to build/, instead of holding a copy of it, changes with every build.' : ''),
        expected: 'a release is immutable: a new build or a new config makes a new release, and every earlier release stays as it was, byte for byte, ready to roll back to.',
        hint: `${RELEASE_HINT} Copy the files (cpSync(..., { recursive: true })); never write into a folder that already holds a release.`,
      });
    }
    needComplete(h, 'compares each release, byte for byte, with what it held when it was made.');
  });

  test('node run.js starts the newest release, with its config, from the release alone (src/ and build/ deleted)', { timeoutMs: RUN_CHECK_MS }, async (t) => {
    const h = await deployHistory();
    needComplete(h, 'deletes src/ and build/, starts node run.js with nothing but PORT in its environment, and expects the newest release, with its config, to answer.');
    const port = await freePort();
    const app = await startApp(t, { command: ['node', 'run.js'], env: { PORT: String(port) }, cwd: h.root });
    const newest = idOf(h, 2);
    await expectListening(app, port, {
      timeoutMs: READY_MS,
      expected: `node run.js, started with only PORT=${port} in its environment, in a folder where src/ and build/ had been deleted, starts the newest release (${newest}), with the config stored in it, and answers on PORT within ${READY_MS / 1000} s. The run stage needs the release, not the sources or the build tools.`,
      hint: RUN_HINT,
    });
    await expectServes(port, { config: CONFIGS[2], others: CONFIGS.slice(0, 2), id: newest, newLink: true, how: 'node run.js (no id)' });
  });

  test('rolling back: node run.js <id> starts that earlier release, with its own code and config', { timeoutMs: RUN_CHECK_MS }, async (t) => {
    const h = await deployHistory();
    needComplete(h, 'starts node run.js <id of the first release> with nothing but PORT, and expects the first build with the first release\'s config to answer.');
    const first = idOf(h, 0);
    const port = await freePort();
    const app = await startApp(t, { command: ['node', 'run.js', first], env: { PORT: String(port) }, cwd: h.rollbackCopy });
    await expectListening(app, port, {
      timeoutMs: READY_MS,
      expected: `node run.js ${first}, started with only PORT=${port} in its environment, starts the first release (${first}), with the config stored in it, and answers on PORT within ${READY_MS / 1000} s.`,
      hint: `${RUN_HINT} The id comes as the first argument: process.argv[2].`,
    });
    await expectServes(port, { config: CONFIGS[0], others: CONFIGS.slice(1), id: first, newLink: false, how: `node run.js ${first}` });
  });

  test('the run stage writes nothing into the release it runs, nor into build/ or src/', { timeoutMs: RUN_CHECK_MS }, async (t) => {
    const h = await deployHistory();
    needComplete(h, 'starts node run.js <id> and expects the release, build/ and src/ to stay byte-identical while it serves.');
    const id = idOf(h, 1);
    const watched = [`releases/${id}`, 'build', 'src'];
    const hashAll = () => new Map(watched.map((dir) => [dir, snapshotTree(path.join(h.runCopy, dir))]));
    const before = hashAll();
    const port = await freePort();
    const app = await startApp(t, { command: ['node', 'run.js', id], env: { PORT: String(port) }, cwd: h.runCopy });
    await expectListening(app, port, {
      timeoutMs: READY_MS,
      expected: `node run.js ${id}, started with only PORT=${port}, answers on PORT within ${READY_MS / 1000} s.`,
      hint: RUN_HINT,
    });
    await request({ port, path: '/', timeoutMs: 3000 }).catch(() => null);
    await request({ port, path: '/links', method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ url: 'https://example.org/run-stage' }), timeoutMs: 3000 }).catch(() => null);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const after = hashAll();
    const changes = watched.flatMap((dir) => treeChanges(/** @type {Map<string, string>} */ (before.get(dir)), /** @type {Map<string, string>} */ (after.get(dir))).map((c) => c.replace(/ /, ` ${dir}/`)));
    ensure(!changes.length, () => ({
      observed: `While node run.js ${id} started and served, files changed: ${list(changes)}.`,
      expected: 'the run stage starts processes from a release as it is: it compiles nothing and changes no code at run time. A change made there would never reach the next build, and a restart at 3 a.m. should not depend on a compiler.',
      hint: `${RUN_HINT} Anything compiled belongs to node build.js; anything the app learns while it runs belongs in memory or a backing service.`,
    }));
  });
});

/**
 * Fails unless the app on `port` serves the given release: its config on the
 * landing page, and the link added before the second build only if it has that code.
 */
async function expectServes(port, { config, others, id, newLink, how }) {
  const get = async (p) => {
    try {
      return await request({ port, path: p, timeoutMs: 3000 });
    } catch (err) {
      return fail({ observed: `GET ${p} on port ${port}: ${err.message}`, expected: 'Shortlinks answers HTTP requests on PORT.', hint: RUN_HINT });
    }
  };
  const page = await get('/');
  const wrongConfig = others.find((other) => page.body.includes(other));
  ensure(page.status === 200 && page.body.includes(config) && !wrongConfig, () => ({
    observed:
      `${how} answered GET / with status ${page.status}` +
      (wrongConfig ? `, with a page built for PUBLIC_URL=${wrongConfig}, another release's config.` : page.body.includes(config) ? '.' : `, and the page does not contain ${config}. It began: ${show(page.body.slice(0, 300))}`),
    expected: `the landing page of release ${id}, which was made with PUBLIC_URL=${config}: the run takes the config stored in the release (the tests start it with nothing but PORT).`,
    hint: `${RELEASE_HINT} Then run.js reads that stored config and hands PUBLIC_URL to createHandler().`,
  }));
  const link = await get(`/${NEW_LINK.code}`);
  const has = link.status === 302 && link.headers.location === NEW_LINK.url;
  ensure(has === newLink, () => ({
    observed: newLink
      ? `${how} answered GET /${NEW_LINK.code} with status ${link.status}: the link added to src/seeds.txt before the second build is missing, so it does not serve the newest build.`
      : `${how} redirects GET /${NEW_LINK.code}, a link added to src/seeds.txt after release ${id} was made: it serves newer code than that release's.`,
    expected: newLink
      ? `release ${id} holds the second build, which compiled the new link: GET /${NEW_LINK.code} redirects to ${NEW_LINK.url}.`
      : `release ${id} holds the first build, from before the link was added: GET /${NEW_LINK.code} answers 404. Rolling back means running the old build too, not only the old config.`,
    hint: newLink ? `${BUILD_HINT} And release.js must copy build/ as it is now.` : `${RELEASE_HINT} run.js must start the code inside releases/<id>/, not the code in src/ or build/.`,
  }));
}
