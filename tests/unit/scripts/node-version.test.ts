import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { nodeIsSupported } from '../../../scripts/lib/node-version.ts';

describe('nodeIsSupported', () => {
  it.each(['v22.22.3', 'v22.23.0', 'v24.16.0', 'v24.21.0', 'v26.1.0'])('accepts %s', (v) => expect(nodeIsSupported(v)).toBe(true));
  it.each(['v20.20.2', 'v22.12.0', 'v22.22.2', 'v23.11.0', 'v24.15.0'])('refuses %s', (v) => expect(nodeIsSupported(v)).toBe(false));

  it('agrees with engines in package.json', () => {
    const engines = (JSON.parse(readFileSync('package.json', 'utf8')) as { engines: { node: string } }).engines.node;
    expect(engines).toBe('^22.22.3 || >=24.16.0');
  });
});
