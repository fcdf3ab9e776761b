// Factor III, config: the checks of exercise 03, shared with the capstone.
// Declared by declareConfigChecks(options); exercise 03's hidden test file calls it
// with no options and keeps exactly its behaviour.
//
// Exercise 03's checks. Behaviour first: each check starts the
// learner's app as a real process (`node server.js`) with a chosen environment, the
// way one deploy or another would, and looks at what it answers and prints. Only the
// credential check reads files, because a secret left in the codebase changes no
// behaviour: it leaks to whoever reads the repository.
//
// Every value a check sets is made up per run (random hosts and tokens), so an app can
// only pass by reading the variables. All app checks run at the same time: every app
// gets its own free PORT, and no verdict depends on another check's app.
import { randomBytes } from 'node:crypto';
import {
  concurrently,
  ensure,
  excerpt,
  explainNotListening,
  fail,
  freePort,
  readLearnerFile,
  request,
  show,
  startApp,
  test,
  waitForPort,
  walkFiles,
} from '../index.mjs';

/**
 * How long an app gets to start listening, or to stop with an error. Generous: start-up
 * speed is not what this factor is about, and a check starts up to four apps at once,
 * which on a busy 2-core machine can take seconds. An app that stops or listens returns
 * the wait at once; only an app that does neither waits it out.
 */
const READY_MS = 8000;
/** Time limit of a check that starts apps: the wait above, plus the requests. */
const APP_CHECK = { timeoutMs: 20000 };
/** How long one HTTP request may take (Shortlinks answers in milliseconds; this is room for a busy machine). */
const REQUEST_MS = 5000;

/** A made-up deploy: its own public base URL and admin token. */
function newDeploy(kind = 'https') {
  const id = randomBytes(3).toString('hex');
  return {
    PUBLIC_URL: kind === 'https' ? `https://sho-${id}.example.com` : `http://links-${id}.staging.example.net:8443`,
    ADMIN_TOKEN: randomBytes(16).toString('hex'),
  };
}

/** "PUBLIC_URL=… ADMIN_TOKEN=… NODE_ENV=…" as a learner would type it (PORT left out). */
function describeEnv(env) {
  const shown = Object.entries(env)
    .filter(([name]) => name !== 'PORT')
    .map(([name, value]) => `${name}=${value}`);
  if (!('NODE_ENV' in env)) shown.push('(NODE_ENV not set)');
  return shown.join(' ');
}

/** What `shortUrl` must be for `code` under `publicUrl`: the base, one slash, the code. */
function expectedShortUrl(publicUrl, code) {
  return `${publicUrl.replace(/\/+$/, '')}/${code}`;
}

/** Compares two URLs as URLs (so `https://a.example.com:443/x` equals `https://a.example.com/x`). */
function sameUrl(actual, expected) {
  if (typeof actual !== 'string') return false;
  try {
    return new URL(actual).href === new URL(expected).href;
  } catch {
    return false;
  }
}

/**
 * @typedef {object} ConfigOptions
 * @property {string[]} [command]  how the app is started (default node server.js)
 * @property {(t: import('node:test').TestContext) => Promise<Record<string, string>>} [env]
 *   variables every start gets besides PORT and the ones a check sets (default none)
 * @property {string} [prefix]  put before every check name, e.g. "Factor III — Config › "
 * @property {string} [leakedToken]  the credential the starter kept in the code
 * @property {string} [leakedFrom]  where it was ("config.js")
 * @property {string[]} [codeTokens]  every token the starter wrote in code
 * @property {string} [whereRead]  where to look for reading settings
 * @property {string} [whereAdmin]  where to look for the admin token check
 * @property {string} [adminRoute]  the code that serves DELETE ("app.js, removeLink()")
 * @property {string} [createHint]  where to look when POST /links does not answer 201 with a shortUrl
 * @property {string} [deleteHint]  where to look when an accepted DELETE leaves the link in place
 * @property {(deploy: { port: number, env: Record<string, string> }, shorten: (code: string) => Promise<string>) => Promise<string>} [deletable]
 *   the code of a link that exists in a fresh deploy, for the DELETE check (default: "12f", which the starter's links.js holds)
 */

/**
 * Declares the config checks (call it at the top level of a hidden test file).
 * @param {ConfigOptions} [options]
 */
export function declareConfigChecks(options = {}) {
  const COMMAND = options.command ?? ['node', 'server.js'];
  const extraEnv = options.env ?? (async () => ({}));
  const prefix = options.prefix ?? '';
  /** @type {typeof test} */
  const check = (name, ...rest) => test(`${prefix}${name}`, ...rest);
  /** The production admin token that the starter kept in config.js: a credential in the codebase. */
  const LEAKED_TOKEN = options.leakedToken ?? 'shl_live_4f9c2a7e81b03d56e9a1c4b7f20d8e63';
  /** Its secret part: also found when it is split from its prefix or upper-cased. */
  const LEAKED_SECRET = LEAKED_TOKEN.replace(/^shl_live_/, '');
  /** Tokens the starter wrote in code. A deploy given another ADMIN_TOKEN must refuse them. */
  const CODE_TOKENS = options.codeTokens ?? [LEAKED_TOKEN, 'dev-admin'];

  const WHERE_READ = options.whereRead ?? 'config.js (or wherever your app reads its settings): read each setting from process.env.';
  const WHERE_ADMIN = options.whereAdmin ?? 'app.js, removeLink(): compare the Authorization header with `Bearer ` + the token read from ADMIN_TOKEN.';
  const LEAKED_FROM = options.leakedFrom ?? 'config.js';
  const CREATE_HINT = options.createHint ?? 'app.js, createLink(): keep answering {"code", "url", "shortUrl"}.';
  const ADMIN_ROUTE = options.adminRoute ?? 'app.js, removeLink()';
  const DELETE_HINT = options.deleteHint ?? 'app.js, removeLink(): call deleteLink(code) from links.js once the token is right.';
  const deletable = options.deletable ?? (async () => '12f');

  /**
   * Starts the app with PORT plus `env`. Resolves to { app, port, env, ready }: `ready`
   * is waitForPort's answer, so a caller decides how to report an app that did not start.
   * `without`: a variable left out even when the extra variables (options.env) hold it.
   */
  async function launch(t, env, label, without = '') {
    const port = await freePort();
    const fullEnv = { PORT: String(port), ...(await extraEnv(t)), ...env };
    if (without) delete fullEnv[without];
    const app = await startApp(t, { command: COMMAND, env: fullEnv, ...(label ? { label } : {}) });
    const ready = await waitForPort(port, { app, timeoutMs: READY_MS });
    return { app, port, env: fullEnv, ready };
  }

  /** Starts one deploy and fails the check, with the reason, when it does not answer. */
  async function startDeploy(t, env, label) {
    const deploy = await launch(t, env, label);
    if (!deploy.ready.ok) {
      fail({
        observed: `Started with ${describeEnv(deploy.env)}, your app did not answer: ${explainNotListening(deploy.app, deploy.port, { waitedMs: deploy.ready.elapsedMs })}`,
        expected: 'with every required variable set to a valid value, Shortlinks starts and answers on PORT, whatever NODE_ENV says (or when it is not set at all).',
        hint: `${WHERE_READ} Reading config must not depend on NODE_ENV.`,
      });
    }
    return deploy;
  }

  /** One HTTP request to a deploy; a missing answer fails the check with a plain message. */
  async function call(deploy, options) {
    try {
      return await request({ port: deploy.port, timeoutMs: REQUEST_MS, ...options });
    } catch (err) {
      return fail({
        observed: `Started with ${describeEnv(deploy.env)}: ${err.message}${deploy.app.running ? '' : `\nYour app had stopped. It printed:\n${excerpt(deploy.app.output())}`}`,
        expected: 'Shortlinks keeps running and answers every request.',
        hint: 'the output above, and app.js where the request is handled.',
      });
    }
  }

  /** POST /links for `code`; returns the `shortUrl` the app handed out (or fails the check). */
  async function shorten(deploy, code) {
    const res = await call(deploy, {
      method: 'POST',
      path: '/links',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ url: 'https://12factor.net/config', code }),
    });
    const shortUrl = res.json()?.shortUrl;
    ensure(res.status === 201 && typeof shortUrl === 'string', () => ({
      observed: `Started with ${describeEnv(deploy.env)}, POST /links {"url":"https://12factor.net/config","code":"${code}"} answered status ${res.status} and ${show(res.body)}.`,
      expected: `status 201 and JSON with "shortUrl": "${expectedShortUrl(deploy.env.PUBLIC_URL, code)}".`,
      hint: CREATE_HINT,
    }));
    return shortUrl;
  }

  /** DELETE /links/<code>, with `Authorization: Bearer <token>` unless token is null. */
  function deleteLink(deploy, code, token) {
    return call(deploy, { method: 'DELETE', path: `/links/${code}`, headers: token === null ? {} : { authorization: `Bearer ${token}` } });
  }

  /** Whether GET /<code> still redirects (302 in the starter; any redirect status counts). */
  async function exists(deploy, code) {
    const res = await call(deploy, { path: `/${code}` });
    return res.status >= 300 && res.status < 400;
  }

  /**
   * Starts the app with `env`, which lacks or breaks `variable`, and checks that it
   * stops at start-up: no listening, a non-zero exit, a message naming `variable`.
   */
  async function expectStops(t, env, variable, situation) {
    const { app, port, ready, env: fullEnv } = await launch(t, env, undefined, env[variable] === undefined ? variable : '');
    const expected = `a deploy whose ${variable} is missing or unusable is broken: Shortlinks stops at once, before listening, with an error message that names ${variable} and a non-zero exit code. A value written in the code would hide the mistake until users meet it.`;
    const hint = `${WHERE_READ} Check ${variable} at start-up; if it is not usable, print what is wrong (console.error) and exit with process.exit(1), or throw an Error.`;
    if (ready.ok) {
      // It started anyway: show what it does with the setting it was not given, if it says.
      let detail = '';
      try {
        const res = await request({ port, method: 'POST', path: '/links', headers: { 'content-type': 'application/json' }, body: '{"url":"https://12factor.net/config","code":"probe"}', timeoutMs: 2000 });
        const shortUrl = res.json()?.shortUrl;
        if (variable === 'PUBLIC_URL' && typeof shortUrl === 'string') detail = ` It handed out the short link ${show(shortUrl)}, so it took a base URL from somewhere else.`;
      } catch {
        // The probe only adds detail.
      }
      fail({ observed: `Your app was started ${situation} (${describeEnv(fullEnv)}), and it started anyway: it answered on port ${port}.${detail}`, expected, hint });
    }
    await app.waitForExit(1000);
    if (app.running) {
      fail({ observed: `Your app was started ${situation}, and ${READY_MS / 1000} s later it was still running, without listening. It printed:\n${excerpt(app.output())}`, expected, hint });
    }
    const status = app.exitStatus;
    ensure(status?.code !== 0, {
      observed: `Started ${situation}, your app exited with code 0, which tells the platform that all is well. It printed:\n${excerpt(app.output())}`,
      expected,
      hint: `${hint} An exit code of 0 means success.`,
    });
    ensure(new RegExp(`\\b${variable}\\b`).test(app.output()), {
      observed: `Started ${situation}, your app stopped (${status?.code !== null && status?.code !== undefined ? `exit code ${status.code}` : `signal ${status?.signal}`}), but its output does not name ${variable}:\n${excerpt(app.output())}`,
      expected,
      hint: `${hint} Name the variable, e.g. "${variable} is not set", so whoever deploys knows what to fix.`,
    });
  }

  check('no file contains the production admin token that was in the code', () => {
    const findings = [];
    for (const file of walkFiles()) {
      const lines = (readLearnerFile(file) ?? '').split('\n');
      lines.forEach((line, index) => {
        if (line.toLowerCase().includes(LEAKED_SECRET)) findings.push({ file, line: index + 1, text: line.trim() });
      });
    }
    ensure(findings.length === 0, () => ({
      observed: `The admin token from the old ${LEAKED_FROM} is still in your files:\n${findings
        .slice(0, 5)
        .map((f) => `  ${f.file}, line ${f.line}: ${f.text.length > 120 ? `${f.text.slice(0, 119)}…` : f.text}`)
        .join('\n')}`,
      expected:
        'no credential in the codebase, in code, comments, fallback values or committed files (JSON, .env). The litmus test of the factor: could you publish this code right now without compromising any credential? A token that has been committed counts as leaked: it would be revoked and replaced, and the new one lives only in the environment of the deploys that need it.',
      hint: 'the lines above. Delete the token everywhere; do not keep it as a default (`process.env.ADMIN_TOKEN || …`) or in a comment.',
    }));
  });

  concurrently(() => {
    check('short links start with the base URL given in PUBLIC_URL', APP_CHECK, async (t) => {
      const deploys = [
        { env: newDeploy('https'), label: 'first deploy' },
        { env: newDeploy('http'), label: 'second deploy' },
      ];
      const started = await Promise.all(deploys.map((d) => startDeploy(t, d.env, d.label)));
      for (const deploy of started) {
        const code = `c${randomBytes(2).toString('hex')}`;
        const shortUrl = await shorten(deploy, code);
        const wanted = expectedShortUrl(deploy.env.PUBLIC_URL, code);
        ensure(sameUrl(shortUrl, wanted), () => ({
          observed: `Two deploys were started with different values. The one started with ${describeEnv(deploy.env)} handed out ${show(shortUrl)} for the code ${code}.`,
          expected: `"shortUrl": "${wanted}": the base of every short link is the value of PUBLIC_URL in the deploy's environment, so each deploy hands out links on its own public address, with no code change.${/127\.0\.0\.1|localhost/.test(shortUrl) ? ' (The request arrived on the local port; a Host header or the bound address is not the public URL.)' : ''}`,
          hint: `${WHERE_READ} Then build shortUrl in app.js from that value.`,
        }));
      }
    });

    check('DELETE /links/<code> accepts exactly the token given in ADMIN_TOKEN, and not the tokens from the old code', APP_CHECK, async (t) => {
      const deploy = await startDeploy(t, newDeploy('https'));
      const target = await deletable(deploy, (c) => shorten(deploy, c));
      const wrong = [
        { token: null, what: 'no Authorization header' },
        { token: newDeploy().ADMIN_TOKEN, what: "another deploy's token" },
        ...CODE_TOKENS.map((token) => ({ token, what: 'a token that was written in the old code' })),
      ];
      for (const { token, what } of wrong) {
        const res = await deleteLink(deploy, target, token);
        const sent = token === null ? 'without an Authorization header' : `with "Authorization: Bearer ${token}" (${what})`;
        ensure(res.status === 401 || res.status === 403, () => ({
          observed: `Started with ${describeEnv(deploy.env)}, DELETE /links/${target} ${sent} answered status ${res.status}${res.status >= 200 && res.status < 300 ? ': the link was deleted' : ''}.`,
          expected: `status 401 (or 403): only "Bearer ${deploy.env.ADMIN_TOKEN}", the token in this deploy's ADMIN_TOKEN, may delete links. A token written in the code works in every deploy, for everyone who has read the code.`,
          hint: `${WHERE_ADMIN} Remove every token written in the code, including fallbacks.`,
        }));
      }
      ensure(await exists(deploy, target), {
        observed: `Started with ${describeEnv(deploy.env)}, after DELETE requests with wrong tokens, all refused, GET /${target} no longer redirects: the link was deleted anyway.`,
        expected: 'a refused request changes nothing.',
        hint: `${WHERE_ADMIN} Check the token before deleting.`,
      });
      const res = await deleteLink(deploy, target, deploy.env.ADMIN_TOKEN);
      ensure(res.status >= 200 && res.status < 300, () => ({
        observed: `Started with ${describeEnv(deploy.env)}, DELETE /links/${target} with "Authorization: Bearer ${deploy.env.ADMIN_TOKEN}" answered status ${res.status} and ${show(res.body)}.`,
        expected: 'status 204 (any 2xx): the token given in ADMIN_TOKEN opens the admin route of this deploy.',
        hint: `${WHERE_READ} Then use that value in ${ADMIN_ROUTE}.`,
      }));
      ensure(!(await exists(deploy, target)), {
        observed: `Started with ${describeEnv(deploy.env)}, DELETE /links/${target} with the right token answered status ${res.status}, but GET /${target} still redirects.`,
        expected: 'the link is gone after an accepted DELETE.',
        hint: DELETE_HINT,
      });
    });

    check('without PUBLIC_URL, stops at start-up with an error that names PUBLIC_URL', APP_CHECK, async (t) => {
      const { ADMIN_TOKEN } = newDeploy();
      await expectStops(t, { ADMIN_TOKEN, NODE_ENV: 'development' }, 'PUBLIC_URL', 'without PUBLIC_URL');
    });

    check('without ADMIN_TOKEN, stops at start-up with an error that names ADMIN_TOKEN', APP_CHECK, async (t) => {
      const { PUBLIC_URL } = newDeploy();
      await expectStops(t, { PUBLIC_URL, NODE_ENV: 'development' }, 'ADMIN_TOKEN', 'without ADMIN_TOKEN');
    });

    check('a PUBLIC_URL that is not an absolute http(s) URL stops start-up with an error that names PUBLIC_URL', APP_CHECK, async (t) => {
      const { ADMIN_TOKEN } = newDeploy();
      const PUBLIC_URL = `sho-${randomBytes(3).toString('hex')}.example.com`;
      await expectStops(t, { PUBLIC_URL, ADMIN_TOKEN, NODE_ENV: 'production' }, 'PUBLIC_URL', 'with a PUBLIC_URL that has no http:// or https://');
    });

    check('the same variables give the same behaviour whatever NODE_ENV says (production, development, an unknown name, or not set)', APP_CHECK, async (t) => {
      const vars = newDeploy('https');
      const modes = ['production', 'development', 'qa', undefined];
      const code = `n${randomBytes(2).toString('hex')}`;
      const wanted = expectedShortUrl(vars.PUBLIC_URL, code);
      const runs = await Promise.all(
        modes.map(async (mode) => {
          const name = mode === undefined ? 'NODE_ENV not set' : `NODE_ENV=${mode}`;
          const deploy = await launch(t, mode === undefined ? vars : { ...vars, NODE_ENV: mode }, mode === undefined ? name : undefined);
          if (!deploy.ready.ok) return { name, problem: `did not start: ${explainNotListening(deploy.app, deploy.port, { waitedMs: deploy.ready.elapsedMs })}` };
          try {
            const created = await request({ port: deploy.port, method: 'POST', path: '/links', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ url: 'https://12factor.net/config', code }), timeoutMs: REQUEST_MS });
            const shortUrl = created.json()?.shortUrl;
            const oldToken = await request({ port: deploy.port, method: 'DELETE', path: '/links/config', headers: { authorization: 'Bearer dev-admin' }, timeoutMs: REQUEST_MS });
            const rightToken = await request({ port: deploy.port, method: 'DELETE', path: `/links/${code}`, headers: { authorization: `Bearer ${vars.ADMIN_TOKEN}` }, timeoutMs: REQUEST_MS });
            const problems = [];
            if (!sameUrl(shortUrl, wanted)) problems.push(`its short link was ${show(shortUrl ?? `(status ${created.status})`)}`);
            if (!(rightToken.status >= 200 && rightToken.status < 300)) problems.push(`DELETE with the ADMIN_TOKEN answered ${rightToken.status}`);
            if (oldToken.status >= 200 && oldToken.status < 300) problems.push('DELETE with the old "dev-admin" token was accepted');
            return { name, problem: problems.join('; ') };
          } catch (err) {
            return { name, problem: `stopped answering: ${err.message.replace(/\.$/, '')}${deploy.app.running ? '' : `\n    It printed:\n${excerpt(deploy.app.output())}`}` };
          }
        }),
      );
      const differing = runs.filter((r) => r.problem);
      // Four copies wrong in the same way (ports aside) point at the variables, not at NODE_ENV.
      const alike = differing.length === runs.length && new Set(differing.map((r) => r.problem.replace(/:\d+/g, ''))).size === 1;
      ensure(differing.length === 0, () => ({
        observed: `Four copies of your app were started with the same PUBLIC_URL=${vars.PUBLIC_URL} and ADMIN_TOKEN=${vars.ADMIN_TOKEN}, and different NODE_ENV values.\n${differing.map((r) => `  With ${r.name}, ${r.problem}.`).join('\n')}`,
        expected: `every copy behaves as its variables say: short links like "${wanted}", and the ADMIN_TOKEN (only it) opens DELETE. Config is a set of independent variables managed per deploy, never a group of settings picked by an environment name: a new deploy (staging, qa, a customer's own) then needs new values, not new code.`,
        hint: alike
          ? `${WHERE_READ} All four copies behave alike, so NODE_ENV is not the cause here: they do not follow PUBLIC_URL and ADMIN_TOKEN. The other checks say more.`
          : `${WHERE_READ} Remove the per-environment groups (development: …, production: …) and anything else chosen by NODE_ENV.`,
      }));
    });
  });
  return { expectStops };
}
