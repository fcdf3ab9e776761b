import { cpSync, existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const config = { PUBLIC_URL: process.env.PUBLIC_URL };
if (!config.PUBLIC_URL) {
  console.error('release: PUBLIC_URL is required');
  process.exit(1);
}
if (!existsSync('build')) {
  console.error('release: no build/ (run node build.js)');
  process.exit(1);
}

const stamp = (d) => d.toISOString().replace('T', '-').replace(/[:.Z]/g, ''); // 2026-12-02-171503123

mkdirSync('releases', { recursive: true });
const staging = mkdtempSync(join('releases', '.staging-'));
cpSync('build', staging, { recursive: true });

let time = Date.now();
for (let attempt = 0; ; attempt++) {
  const id = stamp(new Date(time));
  writeFileSync(join(staging, 'release.json'), JSON.stringify({ id, createdAt: new Date(time).toISOString(), config }, null, 2));
  try {
    // rename() will not replace a folder that has files in it: an existing release stays as it is.
    if (existsSync(join('releases', id))) throw Object.assign(new Error('taken'), { code: 'EEXIST' });
    renameSync(staging, join('releases', id));
    console.log(`release ${id} created`);
    break;
  } catch (err) {
    if (!['EEXIST', 'ENOTEMPTY'].includes(err.code) || attempt > 50) {
      rmSync(staging, { recursive: true, force: true });
      throw err;
    }
    time += 1;
  }
}
