// Hidden checks for exercise 13, the capstone: a legacy Shortlinks that breaks
// factors III, IV, VI, VII and IX at once. Every check is one of the factor
// exercises' own checks, declared through the shared modules in ../_harness/checks/
// (not copied), each group named after its factor. The name of every check starts
// with its group ("Factor VII — Port binding › …"): the results panel, `npm run
// check` and results.json group the checks by that prefix.
// (This file runs from <root>/hidden/tests/, so the harness is ../_harness/.)
//
// The app needs all of PORT, PUBLIC_URL, ADMIN_TOKEN and STORE_URL to start, so each
// group gives its apps the variables its own checks do not set: a key-value store
// stub of their own (STORE_URL), a made-up base URL and a made-up admin token, new
// per run.
//
// Order: VII and III first (every other check starts the app through PORT and its
// config), then IV and IX side by side (each check with its own stubs and process,
// signals to one pid each; a process bound to a fixed port fails all of them either
// way), then VI, whose last check looks at the learner's folder after all the traffic.
import { randomBytes } from 'node:crypto';
import { after } from 'node:test';
import { expectRefusesWithout } from '../_harness/checks/backing-services.mjs';
import { declareConfigChecks } from '../_harness/checks/config.mjs';
import { webDisposabilityChecks } from '../_harness/checks/disposability.mjs';
import { declarePortBindingChecks } from '../_harness/checks/port-binding.mjs';
import { declareProcessesChecks } from '../_harness/checks/processes.mjs';
import { concurrently, startKeyValueStub, test } from '../_harness/index.mjs';

/** The production admin token the legacy config.js held: a credential in the codebase. */
const LEAKED_TOKEN = 'shl_live_d7700966d197ad12b83565e62ac0fa2a';

const GROUP = {
  III: 'Factor III — Config › ',
  IV: 'Factor IV — Backing services › ',
  VI: 'Factor VI — Processes › ',
  VII: 'Factor VII — Port binding › ',
  IX: 'Factor IX — Disposability › ',
};

const random = (bytes = 4) => randomBytes(bytes).toString('hex');
/** A made-up deploy's settings (the config checks set their own). */
const settings = () => ({ PUBLIC_URL: `https://sho-${random(3)}.example.test`, ADMIN_TOKEN: `admin-${random(8)}` });

/** A store for apps that outlive their check (port binding's first copy), closed when the file ends. */
let sharedStore;
async function storeFor(/** @type {import('node:test').TestContext | null} */ t) {
  if (t) return startKeyValueStub(t);
  if (!sharedStore) {
    sharedStore = startKeyValueStub(null);
    after(async () => (await sharedStore).close());
  }
  return sharedStore;
}

// ── Factor VII: the port comes from PORT ─────────────────────────────────────────
declarePortBindingChecks({
  prefix: GROUP.VII,
  env: async (t) => ({ STORE_URL: (await storeFor(t)).url, ...settings() }),
  handlerHint: 'server.js should hand every request to the handler that app.js creates.',
  healthHint: 'server.js should create the server with the handler from app.js (GET /health answers {"status":"ok","service":"shortlinks"}).',
});

// ── Factor III: every setting from the environment, none chosen by NODE_ENV ─────
declareConfigChecks({
  prefix: GROUP.III,
  env: async (t) => ({ STORE_URL: (await storeFor(t)).url }),
  leakedToken: LEAKED_TOKEN,
  codeTokens: [LEAKED_TOKEN, 'dev-admin'],
  whereAdmin: 'app.js, the DELETE /links/:code route: compare the Authorization header with `Bearer ` + the token read from ADMIN_TOKEN.',
  adminRoute: 'app.js, the DELETE /links/:code route',
  createHint: 'app.js, the POST /links route: keep answering {"code", "url", "owner", "shortUrl"} with status 201.',
  deleteHint: 'app.js, the DELETE /links/:code route: delete link:<code> in the store once the token is right.',
  // A fresh deploy's store is empty: the DELETE check deletes a link it creates first.
  deletable: async (_deploy, shorten) => {
    const code = `del-${random(2)}`;
    await shorten(code);
    return code;
  },
});

// ── Factors IV and IX: the store is attached by STORE_URL; fast start, graceful stop ──
const web = webDisposabilityChecks({
  prefix: GROUP.IX,
  env: async () => settings(),
  serverHint: 'server.js: a SIGTERM handler that calls server.close() (not process.exit() at once) and exits with code 0 once the requests under way are answered.',
  startupHint: 'server.js and app.js, everything that runs before listen(): reading every link from the store at start-up (a warm-up cache) makes start-up as slow as the store is big.',
  lookupHint: 'app.js: read a link from the store when a request asks for it, not from a Map filled at start-up.',
  slowLookupHint: 'app.js: read a link from the store when a request asks for it, not from a Map filled at start-up.',
});

concurrently(() => {
  test(`${GROUP.IV}without STORE_URL, stops at start-up with an error that names it`, async (t) => {
    const store = await startKeyValueStub(t);
    await expectRefusesWithout(t, {
      missing: 'STORE_URL',
      env: { STORE_URL: store.url, ...settings() },
      kind: 'location',
      what: 'where its key-value store is',
      hint: 'config.js: treat STORE_URL as required, with no default value in the code (no localhost, no store.internal); when it is missing, print a message that names it and exit with process.exit(1).',
    });
  });
  web.startUp();
  web.sigterm();
});

// ── Factor VI: no state in the process ───────────────────────────────────────────
declareProcessesChecks({
  prefix: GROUP.VI,
  env: async () => settings(),
  tmpPrefix: 'tfc-13-tmpdirs-',
});
