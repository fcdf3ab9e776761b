// Factor IV, backing services: the start-up check of exercise 04 ("without the
// store's location or credentials, stop at start-up and name the variable"), shared
// with the capstone. Exercise 04's hidden test file calls expectRefusesWithout() with
// its own links store and keeps exactly its behaviour.
import { connectHost, describeExit, ensure, excerpt, fail, freePort, startApp } from '../index.mjs';

/** How long the app gets to start listening, or to stop with an error. */
const READY_MS = 5000;

/** Waits until the app exits or answers on `port`, whichever comes first (at most `ms`). */
async function exitOrListen(/** @type {import('../index.mjs').App} */ app, /** @type {number} */ port, /** @type {number} */ ms) {
  const until = Date.now() + ms;
  while (app.running && Date.now() < until) {
    if (app.listenEvents().some((e) => e.event === 'listening' && e.port === port)) break;
    if (await connectHost(port, { timeoutMs: 200 })) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  await new Promise((r) => setTimeout(r, 50));
}

/**
 * Starts the app with every variable of `env` but `missing`, and expects it to stop at
 * once (before answering), with a non-zero exit code and a message that names `missing`.
 * Start a live backing service for `env` first, so that an app that tries it at start-up
 * gets as far as noticing what is missing.
 * @param {import('node:test').TestContext} t
 * @param {object} options
 * @param {string} options.missing  the variable left out, e.g. "LINKS_STORE_URL"
 * @param {Record<string, string>} options.env  every variable of a working start but PORT (the check adds PORT)
 * @param {'location' | 'credential'} options.kind  what the variable gives: where the service is, or a credential for it
 * @param {string} options.what  what the app cannot know without it: "where the links store is"
 * @param {string} [options.hint]  where to look (default: config.js, with no default value in the code)
 * @param {string[]} [options.command]  default node server.js
 */
export async function expectRefusesWithout(t, { missing, env: given, kind, what, hint: hintGiven, command = ['node', 'server.js'] }) {
  const port = await freePort();
  /** @type {Record<string, string>} */
  const env = { PORT: String(port), ...given };
  delete env[missing];
  const app = await startApp(t, { command, env, label: `started without ${missing}` });
  await exitOrListen(app, port, READY_MS);
  const expected = `without ${missing}, Shortlinks cannot know ${what}: it stops at start-up with a non-zero exit code and a message that names ${missing}, instead of guessing a store or starting without one.`;
  const hint = hintGiven ?? `config.js: treat ${missing} as required, with no default value in the code; when it is missing, print a message that names it and exit with process.exit(1).`;
  if (app.running) {
    const listening = await connectHost(port, { timeoutMs: 300 });
    fail({
      observed: listening
        ? `Started without ${missing}, your app started anyway and answers on port ${port}. ${
            kind === 'location'
              ? 'A default store written in the code is a store this deploy did not choose; no store at all means every request fails later.'
              : 'A token written in the code is a credential this deploy did not choose (and a secret in the codebase); no token at all means the store refuses every request later.'
          }`
        : `Started without ${missing}, your app was still running ${READY_MS / 1000} s later.`,
      expected,
      hint,
    });
  }
  const status = app.exitStatus;
  ensure(status?.code !== 0 || status.signal, {
    observed: `Without ${missing}, your app exited with code 0, which tells the platform that all is well. It printed:\n${excerpt(app.output())}`,
    expected,
    hint,
  });
  ensure(new RegExp(`\\b${missing}\\b`).test(app.output()), {
    observed: `Without ${missing}, your app stopped (${status ? describeExit(status) : 'exited'}), but its output does not name ${missing}:\n${excerpt(app.output())}`,
    expected,
    hint: `${hint} Name the variable exactly, e.g. "${missing} is not set".`,
  });
}
