import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../../src/config/parse.ts';
import { renderEnvExample } from '../../../src/config/env-example.ts';
import { variables } from '../../../src/config/variables.ts';

function problemsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (error) {
    if (error instanceof ConfigError) return error.problems.map((p) => p.name);
    throw error;
  }
  return [];
}

describe('parseConfig', () => {
  it('applies defaults when nothing is set', () => {
    const server = parseConfig('server', {});
    expect(server.PORT).toBe(4321);
    expect(server.HOST).toBe('127.0.0.1');
    expect(server.RUNNER).toBe('on');
    expect(server.RUNNER_ALLOW_REMOTE).toBe(false);
    const build = parseConfig('build', {});
    expect(build.BASE_PATH).toBe('/');
    expect(build.SOLUTION_POLICY).toBe('after-attempt');
    expect(build.SITE_URL).toBeUndefined();
  });

  it('coerces numbers, booleans and enums', () => {
    const server = parseConfig('server', { PORT: '8080', RUNNER_ALLOW_REMOTE: 'true', RUNNER: 'off' });
    expect(server).toMatchObject({ PORT: 8080, RUNNER_ALLOW_REMOTE: true, RUNNER: 'off' });
  });

  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['PORT', '80.5'],
    ['HOST', 'bad host!'],
    ['RUNNER', 'maybe'],
    ['RUNNER_ALLOW_REMOTE', 'sure'],
    ['RUNNER_TIMEOUT_MS', '5'],
  ])('rejects %s=%s naming the variable', (name, value) => {
    expect(problemsOf(() => parseConfig('server', { [name]: value }))).toEqual([name]);
    expect(() => parseConfig('server', { [name]: value })).toThrow(new RegExp(`${name}: .*${JSON.stringify(value).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
  });

  it.each([
    ['SITE_URL', 'not a url'],
    ['BASE_PATH', 'docs'],
    ['SOLUTION_POLICY', 'sometimes'],
    ['LESSONS', '07 port binding'],
    ['RUNTIME', 'cloud'],
  ])('rejects build variable %s=%s naming it', (name, value) => {
    expect(problemsOf(() => parseConfig('build', { [name]: value }))).toEqual([name]);
  });

  it('reports every bad variable at once', () => {
    expect(problemsOf(() => parseConfig('server', { PORT: '-1', HOST: ' ', RUNNER: 'x' })).sort()).toEqual(['PORT', 'RUNNER']);
  });

  it('ignores the other stage', () => {
    expect(() => parseConfig('build', { PORT: 'abc' })).not.toThrow();
  });
});

describe('.env.example', () => {
  it('is generated from the variable list (run `node scripts/env-example.ts` after changing it)', () => {
    expect(readFileSync('.env.example', 'utf8')).toBe(renderEnvExample());
  });

  it('documents every variable', () => {
    const text = readFileSync('.env.example', 'utf8');
    for (const name of Object.keys(variables)) expect(text).toMatch(new RegExp(`^#? ?${name}=`, 'm'));
  });
});

describe('README', () => {
  it('has a row in its configuration table for every variable', () => {
    const readme = readFileSync('README.md', 'utf8');
    for (const name of Object.keys(variables)) expect(readme).toContain(`| \`${name}\` |`);
  });
});
