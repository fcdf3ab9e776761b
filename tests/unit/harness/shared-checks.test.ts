/**
 * The shared check modules (exercises/_harness/checks/) run through run.mjs the way
 * a capstone uses them: with a factor group as prefix, extra variables for every
 * start, and verdicts that follow the learner's app. (Each module's exercise proves,
 * through `npm run verify`, that it keeps that exercise's behaviour.)
 */
import { describe, expect, it } from 'vitest';
import { groupResults } from '../../../src/workbench/groups.ts';
import { layOut, runIn } from './run-layout.ts';

/** A port-bound Shortlinks stand-in that also needs STORE_URL to start. */
const server = (storeCheck: string) => `
import http from 'node:http';
const port = Number(process.env.PORT);
if (!process.env.PORT || !Number.isInteger(port) || port < 1 || port > 65535) { console.error('PORT must be a port number'); process.exit(1); }
${storeCheck}
http.createServer((req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok","service":"shortlinks"}'))
  .listen(port, () => console.log('listening on port ' + port));
`;
const REQUIRES_STORE = "if (!process.env.STORE_URL) { console.error('STORE_URL is not set'); process.exit(1); }";
const DEFAULT_STORE = "process.env.STORE_URL ||= 'http://store.internal:6400';";

const tests = {
  'shared.test.mjs': `
import { expectRefusesWithout } from '../_harness/checks/backing-services.mjs';
import { declarePortBindingChecks } from '../_harness/checks/port-binding.mjs';
import { concurrently, test } from '../_harness/index.mjs';

declarePortBindingChecks({ prefix: 'Factor VII — Port binding › ', env: async () => ({ STORE_URL: 'http://127.0.0.1:9' }) });
concurrently(() => {
  test('Factor IV — Backing services › without STORE_URL, stops at start-up with an error that names it', async (t) => {
    await expectRefusesWithout(t, { missing: 'STORE_URL', env: { STORE_URL: 'http://127.0.0.1:9' }, kind: 'location', what: 'where its store is' });
  });
});
`,
};

describe('shared checks with a factor prefix', () => {
  it('names every check with its group, and passes an app that follows both factors', async () => {
    const { results } = await runIn(layOut(tests, { 'server.js': server(REQUIRES_STORE) }));
    expect(results.tests.map((t) => [t.name, t.status])).toEqual([
      ['Factor VII — Port binding › answers HTTP on the port given in PORT', 'pass'],
      ['Factor VII — Port binding › listens only on the port given in PORT (no hard-coded port)', 'pass'],
      ['Factor VII — Port binding › two copies run side by side on different ports', 'pass'],
      ['Factor VII — Port binding › without PORT, stops at start-up with an error that names PORT', 'pass'],
      ['Factor VII — Port binding › a PORT that is not a whole number from 1 to 65535 stops start-up with an error that names PORT', 'pass'],
      ['Factor VII — Port binding › logs the port it listens on', 'pass'],
      ['Factor IV — Backing services › without STORE_URL, stops at start-up with an error that names it', 'pass'],
    ]);
    expect(groupResults(results.tests)?.map((g) => [g.name, g.passed, g.total])).toEqual([
      ['Factor VII — Port binding', 6, 6],
      ['Factor IV — Backing services', 1, 1],
    ]);
  });

  it('fails only the group whose factor the app breaks (a default store)', async () => {
    const { results } = await runIn(layOut(tests, { 'server.js': server(DEFAULT_STORE) }));
    const groups = groupResults(results.tests);
    expect(groups?.map((g) => [g.name, g.status])).toEqual([
      ['Factor VII — Port binding', 'pass'],
      ['Factor IV — Backing services', 'fail'],
    ]);
    expect(results.tests.at(-1)?.message).toMatch(/Started without STORE_URL, your app started anyway/);
  });
});
