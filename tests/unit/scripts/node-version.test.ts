import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { nodeIsSupported } from '../../../scripts/lib/node-version.ts';
import { nodeProblem, nodeRange } from '../../../scripts/require-node.mjs';

describe('the Node requirement', () => {
  it.each(['v22.22.3', 'v22.23.0', 'v24.16.0', 'v24.21.0', 'v26.1.0'])('accepts %s', (v) => expect(nodeIsSupported(v)).toBe(true));
  it.each(['v20.20.2', 'v22.12.0', 'v22.22.2', 'v23.11.0', 'v24.15.0'])('refuses %s', (v) => expect(nodeIsSupported(v)).toBe(false));

  it('comes from engines in package.json, and the docs say the same', () => {
    const engines = (JSON.parse(readFileSync('package.json', 'utf8')) as { engines: { node: string } }).engines.node;
    expect(nodeRange()).toBe(engines);
    const readme = readFileSync('README.md', 'utf8');
    for (const version of engines.match(/\d+\.\d+\.\d+/g) ?? []) expect(readme).toContain(version.replace(/\.0$/, ''));
    expect(readFileSync('.nvmrc', 'utf8').trim()).toBe('24');
  });

  it('says in one line what is needed, what was found, and how to get it', () => {
    const line = nodeProblem('v20.20.2');
    expect(line).toContain("needs Node.js 22.22.3 or a later 22.x, or 24.16.0 or newer");
    expect(line).toContain('found v20.20.2');
    expect(line).toMatch(/nvm install/);
    expect(line?.split('\n')).toHaveLength(1);
    expect(nodeProblem(process.version)).toBeNull();
  });

  it('every npm entry point checks Node first, in JavaScript an old Node can load', () => {
    const scripts = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> }).scripts;
    for (const name of ['start', 'test', 'check', 'exercise', 'dev', 'verify', 'serve', 'bench']) {
      expect(scripts[name], name).toMatch(/^node scripts\/require-node\.mjs && /);
    }
  });

  it.skipIf(!existsSync('/usr/bin/node') || nodeIsSupported(spawnSync('/usr/bin/node', ['--version']).stdout?.toString().trim() ?? ''))(
    'on an old Node (the system /usr/bin/node), prints the line and exits 1',
    () => {
      const run = spawnSync('/usr/bin/node', ['scripts/require-node.mjs'], { encoding: 'utf8' });
      expect(run.status).toBe(1);
      expect(run.stderr.trim()).toMatch(/^This course needs Node\.js .*; found v\d+/);
    },
  );
});

describe('no phoning home', () => {
  it('every script that runs Astro turns its telemetry off', () => {
    const scripts = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> }).scripts;
    for (const [name, command] of Object.entries(scripts)) {
      if (/\bastro (build|dev|check|preview)\b/.test(command)) expect(command, name).toMatch(/ASTRO_TELEMETRY_DISABLED=1 astro/);
    }
  });
});
