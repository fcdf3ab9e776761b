/**
 * The authenticated result channel: signing in the harness (channel.mjs),
 * checking on Node (src/engine/verdict.ts) and in the page (src/runtime/hmac.ts),
 * and the reader that keeps the results line out of what the learner sees.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createSigner, createVerifier, newKey } from '../../../exercises/_harness/channel.mjs';
import { RESULTS_PREFIX } from '../../../exercises/_harness/channel-format.mjs';
import { createVerdictReader } from '../../../src/engine/verdict.ts';
import { webVerifier } from '../../../src/runtime/hmac.ts';

const passing = { version: 3, status: 'pass', message: null, tests: [{ name: 'x', status: 'pass', message: null, output: null }] };

describe('signing and checking', () => {
  it('accepts its own lines once, refuses forged and replayed ones', () => {
    const key = newKey();
    const sign = createSigner(key);
    const verify = createVerifier(key);
    const first = sign('{"a":1}');
    expect(verify(first)).toBe('{"a":1}');
    expect(verify(first)).toBeNull(); // replayed
    expect(verify(createSigner(newKey())('{"a":1}'))).toBeNull(); // another key
    expect(verify(sign('{"a":2}').replace('{"a":2}', '{"a":3}'))).toBeNull(); // payload changed
    expect(verify('{"kind":"result"}')).toBeNull(); // unsigned
  });

  it('the page checks what the harness signs (WebCrypto and node:crypto agree)', async () => {
    const key = newKey();
    const sign = createSigner(key);
    const verify = webVerifier(key);
    const line = sign(JSON.stringify(passing));
    expect(await verify(line)).toBe(JSON.stringify(passing));
    expect(await verify(line)).toBeNull();
    expect(await webVerifier(newKey())(sign('{}'))).toBeNull();
  });
});

describe('the verdict reader', () => {
  const signedResults = (key: string, doc: unknown) => `${RESULTS_PREFIX}${createSigner(key)(JSON.stringify(doc))}\n`;

  it('holds back the results line even when it arrives in pieces, and shows everything else', async () => {
    const key = newKey();
    const reader = createVerdictReader(key);
    const line = signedResults(key, passing);
    let shown = '';
    for (const chunk of ['progress ', 'line\n', line.slice(0, 3), line.slice(3, 40), line.slice(40)]) shown += reader.push(chunk);
    shown += reader.flush();
    expect(shown).toBe('progress line\n');
    expect(await reader.verdict({ code: 0, signal: null }, (d) => d)).toEqual(passing);
  });

  it('a results prefix in the middle of a line is output, not a result', async () => {
    const key = newKey();
    const reader = createVerdictReader(key);
    const shown = reader.push(`learner says ${signedResults(key, passing)}`) + reader.flush();
    expect(shown).toContain('learner says');
    expect((await reader.verdict({ code: 0, signal: null }, (d) => d)).status).toBe('error');
  });

  it('a kill, a disagreeing exit code or a second results line is an error', async () => {
    const key = newKey();
    const killed = createVerdictReader(key);
    killed.push(signedResults(key, passing));
    expect(await killed.verdict({ code: null, signal: 'SIGKILL' }, (d) => d)).toMatchObject({ status: 'error', message: expect.stringContaining('SIGKILL') });
    const lying = createVerdictReader(key);
    lying.push(signedResults(key, passing));
    expect((await lying.verdict({ code: 1, signal: null }, (d) => d)).status).toBe('error');
    const twice = createVerdictReader(key);
    twice.push(signedResults(key, passing) + signedResults(key, passing));
    expect((await twice.verdict({ code: 0, signal: null }, (d) => d)).status).toBe('error');
  });
});

describe('the key file (in-browser runtime)', () => {
  it('is read and deleted by the first import, before anything else runs', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'tfc-key-'));
    try {
      const file = path.join(dir, 'key');
      const key = newKey();
      writeFileSync(file, key);
      const channel = path.resolve('exercises/_harness/channel.mjs');
      const probe = `const c = await import(${JSON.stringify(channel)}); console.log(JSON.stringify({ same: c.ownKey === ${JSON.stringify(key)}, env: process.env.TFC_KEY_FILE ?? null }));`;
      const out = spawnSync(process.execPath, ['--input-type=module', '-e', probe], { env: { ...process.env, TFC_KEY_FILE: file }, encoding: 'utf8' });
      expect(JSON.parse(out.stdout)).toEqual({ same: true, env: null });
      expect(existsSync(file)).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
