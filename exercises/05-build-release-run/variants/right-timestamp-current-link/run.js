// Run: PORT=… node run.js [id]. Starts the release named, or the one `current` points to.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const id = process.argv[2] ?? (fs.existsSync('current') ? path.basename(fs.readlinkSync('current')) : undefined);
const dir = id && path.join('releases', id);
if (!dir || !fs.existsSync(path.join(dir, 'release.env'))) {
  console.error(id ? `No release ${id} in releases/` : 'Nothing released yet: node build.js, then node release.js');
  process.exit(1);
}

const config = Object.fromEntries(
  fs.readFileSync(path.join(dir, 'release.env'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
);

console.log(`Starting release ${id}`);
const child = spawn(process.execPath, ['server.js'], {
  cwd: path.join(dir, 'build'),
  env: { PATH: process.env.PATH, ...config, PORT: process.env.PORT },
  stdio: 'inherit',
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
