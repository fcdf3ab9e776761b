/**
 * The process formation (exercises/_harness/formation.mjs): Procfile parsing, command
 * splitting, and a formation of real child processes started from a Procfile.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { parseCommand, parseProcfile, readProcfile, startFormation } from '../../../exercises/_harness/formation.mjs';
import { request, waitForPort } from '../../../exercises/_harness/net.mjs';
import { killAllApps } from '../../../exercises/_harness/process.mjs';
import { removeDir } from '../engine/fixtures.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'tfc-formation-test-'));
const write = (name: string, content: string) => writeFileSync(path.join(dir, name), content);
write('package.json', '{ "type": "module" }');
write('web.js', "import http from 'node:http';\nhttp.createServer((q, r) => r.end(process.env.GREETING ?? 'hi')).listen(Number(process.env.PORT), () => console.log('web up'));\n");
write('worker.js', "console.log('worker ' + process.argv.slice(2).join(' '));\nsetInterval(() => {}, 1000);\n");
write('daemon.js', "import { spawn } from 'node:child_process';\nspawn(process.execPath, ['worker.js', 'detached'], { detached: true, stdio: 'ignore' }).unref();\n");

afterEach(() => killAllApps());
afterAll(() => removeDir(dir));

describe('parseProcfile', () => {
  it('reads type: command lines and skips blank lines and comments', () => {
    const { entries, problems } = parseProcfile('# the formation\n\nweb: node web.js\n  worker:node worker.js --fast  \r\nrelease_1: node migrate.js\n');
    expect(problems).toEqual([]);
    expect(entries).toEqual([
      { type: 'web', command: 'node web.js', line: 3 },
      { type: 'worker', command: 'node worker.js --fast', line: 4 },
      { type: 'release_1', command: 'node migrate.js', line: 5 },
    ]);
  });

  it('lists lines it cannot read, types without a command and duplicate types', () => {
    const { entries, problems } = parseProcfile('web node web.js\nworker:\nweb: node a.js\nweb: node b.js\n');
    expect(entries.map((e) => e.type)).toEqual(['web']);
    expect(problems.map((p) => [p.line, p.reason])).toEqual([
      [1, expect.stringContaining('not of the form')],
      [2, expect.stringContaining('has no command')],
      [4, expect.stringContaining('declared twice')],
    ]);
  });
});

describe('parseCommand', () => {
  it('splits words, honours quotes and backslashes, expands variables', () => {
    expect(parseCommand(`node web.js --port $PORT --name "my app" 'lit $PORT' \${HOST}x a\\ b`, { PORT: '5000', HOST: 'h' })).toEqual({
      argv: ['node', 'web.js', '--port', '5000', '--name', 'my app', 'lit $PORT', 'hx', 'a b'],
      assignments: {},
    });
    expect(parseCommand('node web.js $UNSET', {})).toEqual({ argv: ['node', 'web.js', ''], assignments: {} });
  });

  it('takes leading NAME=value words as variables and drops a leading exec', () => {
    expect(parseCommand('LANES=3 DEBUG="a b" exec node worker.js X=1', {})).toEqual({
      argv: ['node', 'worker.js', 'X=1'],
      assignments: { LANES: '3', DEBUG: 'a b' },
    });
  });

  it('refuses shell operators, substitutions, open quotes and empty commands', () => {
    expect(parseCommand('node web.js &', {})).toEqual({ error: expect.stringContaining('background') });
    expect(parseCommand('node a.js && node b.js', {})).toEqual({ error: expect.stringContaining('&&') });
    expect(parseCommand('node a.js > out.log', {})).toEqual({ error: expect.stringContaining('>') });
    expect(parseCommand('node $(cat x)', {})).toEqual({ error: expect.stringContaining('$(') });
    expect(parseCommand('node `x`', {})).toEqual({ error: expect.stringContaining('backticks') });
    expect(parseCommand('node "a.js', {})).toEqual({ error: expect.stringContaining('not closed') });
    expect(parseCommand('A=1', {})).toEqual({ error: expect.stringContaining('no program') });
    expect(parseCommand("node 'a && b'", {})).toEqual({ argv: ['node', 'a && b'], assignments: {} });
  });
});

describe('readProcfile', () => {
  it('says when there is no Procfile', () => {
    expect(readProcfile(path.join(dir, 'nothing-here'))).toMatchObject({ exists: false, entries: [] });
  });
});

describe('startFormation', () => {
  it('starts N processes per type, a PORT for each web process, per-process variables, and scales', async () => {
    write('Procfile', '# test\nweb: node web.js\nworker: WORKER=yes node worker.js $NAME\nother: node nope.js\n');
    const formation = await startFormation(null, {
      procfile: path.join(dir, 'Procfile'),
      cwd: dir,
      counts: { web: 2, worker: 1 },
      env: { GREETING: 'hello' },
      envFor: ({ name }) => ({ NAME: name }),
    });
    try {
      const webs = formation.of('web');
      expect(webs.map((p) => p.name)).toEqual(['web.1', 'web.2']);
      expect(new Set(webs.map((p) => p.port)).size).toBe(2);
      for (const web of webs) {
        expect((await waitForPort(web.port!, { app: web.app, timeoutMs: 8000 })).ok).toBe(true);
        expect((await request({ port: web.port!, timeoutMs: 5000 })).body).toBe('hello');
        expect(web.env.NAME).toBe(web.name);
      }
      const [worker] = formation.of('worker');
      expect(worker?.port).toBeUndefined();
      expect(worker?.env.WORKER).toBe('yes');
      expect(await worker?.app.waitForOutput('worker worker.1', { timeoutMs: 8000 })).toBe('worker worker.1');
      expect(formation.of('other')).toEqual([]);

      await formation.scale('worker', 3);
      expect(formation.of('worker').map((p) => p.name)).toEqual(['worker.1', 'worker.2', 'worker.3']);
      await formation.scale('worker', 1);
      expect(formation.of('worker').map((p) => p.name)).toEqual(['worker.1']);
      expect(formation.exited()).toEqual([]);
      expect(formation.strays()).toEqual([]);
    } finally {
      await formation.stop();
    }
    expect(formation.processes.every((p) => !p.app.running)).toBe(true);
  }, 30_000);

  it('sees a process that daemonizes: its started pid exits, its detached child is a stray', async () => {
    write('Procfile.daemon', 'worker: node daemon.js\n');
    const formation = await startFormation(null, { procfile: path.join(dir, 'Procfile.daemon'), cwd: dir, counts: { worker: 1 } });
    try {
      await formation.of('worker')[0]?.app.waitForExit(8000);
      expect(formation.exited().map((p) => p.name)).toEqual(['worker.1']);
      if (process.platform === 'linux') {
        let strays: ReturnType<typeof formation.strays> = [];
        for (let i = 0; i < 80 && !strays.length; i++) {
          strays = formation.strays();
          if (!strays.length) await new Promise((r) => setTimeout(r, 100));
        }
        expect(strays).toEqual([expect.objectContaining({ from: 'worker.1', command: expect.stringContaining('worker.js detached') })]);
      }
    } finally {
      await formation.stop();
    }
    expect(formation.strays()).toEqual([]);
  }, 30_000);

  it('fails in learner terms for a missing Procfile, a missing type, and a command that is not one program', async () => {
    await expect(startFormation(null, { procfile: path.join(dir, 'none'), cwd: dir, counts: { web: 1 } })).rejects.toThrow(/no none in your app's folder/);
    write('Procfile.partial', 'web: node web.js\n');
    await expect(startFormation(null, { procfile: path.join(dir, 'Procfile.partial'), cwd: dir, counts: { web: 1, worker: 1 } })).rejects.toThrow(/declares no "worker" process type \(declared: web\)/);
    write('Procfile.bg', 'web: node web.js &\n');
    await expect(startFormation(null, { procfile: path.join(dir, 'Procfile.bg'), cwd: dir, counts: { web: 1 } })).rejects.toThrow(/shell operator &/);
    write('Procfile.npm', 'web: npm start\n');
    await expect(
      startFormation(null, { procfile: path.join(dir, 'Procfile.npm'), cwd: dir, counts: { web: 1 }, refuse: ({ argv }) => (argv[0] === 'node' ? undefined : 'is not node') }),
    ).rejects.toThrow(/is not node/);
  });
});
