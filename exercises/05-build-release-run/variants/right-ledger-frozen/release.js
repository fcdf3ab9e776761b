import { appendFileSync, chmodSync, cpSync, existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = 'releases';

function nextNumber() {
  const numbers = existsSync(ROOT) ? readdirSync(ROOT).filter((n) => /^\d+$/.test(n)).map(Number) : [];
  return numbers.length ? Math.max(...numbers) + 1 : 1;
}

function freeze(path) {
  if (statSync(path).isDirectory()) for (const name of readdirSync(path)) freeze(join(path, name));
  else chmodSync(path, 0o444);
}

function release(config) {
  if (!config.PUBLIC_URL) throw new Error('PUBLIC_URL is required to make a release');
  if (!existsSync('build')) throw new Error('nothing to release: run node build.js first');
  mkdirSync(ROOT, { recursive: true });
  let id = nextNumber();
  for (;;) {
    try {
      mkdirSync(join(ROOT, String(id)));
      break;
    } catch (err) {
      if (err.code !== 'EEXIST') throw err;
      id += 1;
    }
  }
  const dir = join(ROOT, String(id));
  cpSync('build', dir, { recursive: true });
  writeFileSync(join(dir, 'config.json'), JSON.stringify(config));
  freeze(dir);
  appendFileSync(join(ROOT, 'LEDGER'), `${id}\t${new Date().toISOString()}\tPUBLIC_URL=${config.PUBLIC_URL}\n`);
  return id;
}

console.log(release({ PUBLIC_URL: process.env.PUBLIC_URL }));
