import { describe, expect, it } from 'vitest';
import type { ExerciseBundle } from '../../../src/runtime/bundle.ts';
import { parseBundle, toBundle } from '../../../src/runtime/bundle.ts';
import { checkNewPath, filesForRun, initialFiles, languageOf, solutionState, summaryText } from '../../../src/workbench/model.ts';
import { blocks, tokenize } from '../../../src/workbench/markdown.ts';

const bundle: ExerciseBundle = {
  version: 1,
  id: '07-port-binding',
  factor: 7,
  title: 't',
  summary: 's',
  editable: ['server.js'],
  readonly: ['package.json'],
  allowNewFiles: false,
  app: null,
  hints: ['a', 'b', 'c'],
  timeoutMs: 1000,
  solutionPolicy: 'after-attempt',
  starter: { 'server.js': 'starter', 'package.json': '{}' },
  solution: { 'server.js': 'solution' },
  tests: {},
  harness: {},
};

describe('files', () => {
  it('starts from the starter and restores saved edits to editable files only', () => {
    expect(initialFiles(bundle, undefined)).toEqual({ 'server.js': 'starter' });
    expect(initialFiles(bundle, { 'server.js': 'mine', 'package.json': 'hacked', 'new.js': 'x' })).toEqual({ 'server.js': 'mine' });
  });
  it('sends the whole starter tree with the learner files on top', () => {
    expect(filesForRun(bundle, { 'server.js': 'mine' })).toEqual({ 'server.js': 'mine', 'package.json': '{}' });
  });
});

describe('summaryText', () => {
  const test = (status: 'pass' | 'fail') => ({ name: 'n', status, message: null, output: null });
  it('counts passing checks', () => {
    expect(summaryText({ version: 3, status: 'fail', message: null, tests: [test('pass'), test('pass'), test('fail')] })).toBe('2 of 3 checks pass');
    expect(summaryText({ version: 3, status: 'pass', message: null, tests: [test('pass'), test('pass')] })).toBe('All 2 checks pass. Well done!');
    expect(summaryText({ version: 3, status: 'error', message: 'boom', tests: [] })).toBe('The tests could not run.');
  });
});

describe('solutionState', () => {
  it('follows the policy', () => {
    expect(solutionState({ ...bundle, solutionPolicy: 'always' }, 0)).toBe('shown');
    expect(solutionState(bundle, 0)).toBe('locked');
    expect(solutionState(bundle, 1)).toBe('shown');
    expect(solutionState({ ...bundle, solutionPolicy: 'never', solution: null }, 5)).toBe('never');
    expect(solutionState({ ...bundle, solution: null }, 5)).toBe('never');
  });
});

describe('languageOf', () => {
  it('maps file names to editor languages', () => {
    expect(languageOf('server.js')).toBe('javascript');
    expect(languageOf('lib/x.mjs')).toBe('javascript');
    expect(languageOf('package.json')).toBe('json');
    expect(languageOf('Procfile')).toBe('text');
  });
});

describe('parseBundle', () => {
  it('accepts a bundle and refuses other data', () => {
    expect(parseBundle(JSON.parse(JSON.stringify(bundle)))).toEqual(bundle);
    expect(() => parseBundle({ ...bundle, starter: { 'a.js': 1 } })).toThrow(/not in the expected format/);
    expect(() => parseBundle(null)).toThrow();
  });
});

describe('hint markdown', () => {
  it('tokenises code, bold, emphasis and safe links; unsafe links become text', () => {
    expect(tokenize('Read `process.env.PORT`, **not** *3000*. See [docs](https://nodejs.org/api/http.html) or [x](javascript:void)')).toEqual([
      { type: 'text', text: 'Read ' },
      { type: 'code', text: 'process.env.PORT' },
      { type: 'text', text: ', ' },
      { type: 'strong', text: 'not' },
      { type: 'text', text: ' ' },
      { type: 'em', text: '3000' },
      { type: 'text', text: '. See ' },
      { type: 'link', text: 'docs', href: 'https://nodejs.org/api/http.html' },
      { type: 'text', text: ' or ' },
      { type: 'text', text: 'x' },
    ]);
  });
});

describe('hint blocks', () => {
  it('splits paragraphs and fenced code, keeping code verbatim', () => {
    const hint = 'One way:\nto write it:\n\n```js\nconst port = Number(process.env.PORT);\n  server.listen(port);\n```\n\nThen try it.';
    expect(blocks(hint)).toEqual([
      { type: 'paragraph', text: 'One way: to write it:' },
      { type: 'code', lang: 'js', text: 'const port = Number(process.env.PORT);\n  server.listen(port);' },
      { type: 'paragraph', text: 'Then try it.' },
    ]);
  });
});

describe('files the learner adds, renames and deletes', () => {
  const free = { ...bundle, allowNewFiles: true, readonly: ['package.json'] };
  it('takes the saved tree as it is (deleted and renamed files stay so)', () => {
    expect(initialFiles(free, { 'src/server.js': 'moved', 'config.js': 'c', 'package.json': 'x', '../evil': 'y' })).toEqual({ 'src/server.js': 'moved', 'config.js': 'c' });
    expect(initialFiles(free, {})).toEqual({ 'server.js': 'starter' });
  });
  it('runs with the read-only starter files, not the deleted ones', () => {
    expect(filesForRun(free, { 'src/server.js': 'moved' })).toEqual({ 'src/server.js': 'moved', 'package.json': '{}' });
  });
  it('checks new names', () => {
    expect(checkNewPath(' ./config.js ', ['server.js'], ['package.json'])).toEqual({ ok: true, path: 'config.js' });
    expect(checkNewPath('server.js', ['server.js'], [])).toEqual({ ok: false, error: 'There is already a file called server.js.' });
    expect(checkNewPath('package.json', [], ['package.json'])).toMatchObject({ ok: false });
    expect(checkNewPath('server.js/x.js', ['server.js'], [])).toMatchObject({ ok: false, error: expect.stringMatching(/both a file and a folder/) });
    expect(checkNewPath('../x.js', [], [])).toMatchObject({ ok: false, error: expect.stringMatching(/stay inside/) });
    expect(checkNewPath('', [], [])).toMatchObject({ ok: false, error: expect.stringMatching(/empty/) });
  });
});

describe('toBundle (the exercise JSON endpoint)', () => {
  const source = {
    id: '07-port-binding',
    factor: 7,
    title: 't',
    summary: 's',
    editable: ['server.js'],
    readonly: ['links.js'],
    allowNewFiles: true,
    app: { command: ['node', 'server.js'], env: { PORT: 'auto' } },
    hints: ['a', 'b', 'c'],
    timeoutMs: 20000,
    starter: { 'server.js': 's', 'links.js': 'l' },
    solution: { 'server.js': 'solved' },
    tests: { 't.test.mjs': 't' },
    harness: { 'run.mjs': 'r' },
  };
  it('includes the solution unless the policy is never', () => {
    expect(toBundle(source, 'always').solution).toEqual({ 'server.js': 'solved' });
    expect(toBundle(source, 'after-attempt')).toMatchObject({ solutionPolicy: 'after-attempt', solution: { 'server.js': 'solved' } });
    const never = toBundle(source, 'never');
    expect(never.solution).toBeNull();
    expect(JSON.stringify(never)).not.toContain('solved');
  });
  it('produces what the browser accepts', () => {
    expect(parseBundle(JSON.parse(JSON.stringify(toBundle(source, 'never'))))).toMatchObject({ id: '07-port-binding', app: { command: ['node', 'server.js'] } });
    expect(toBundle({ ...source, app: undefined }, 'always').app).toBeNull();
  });
});
