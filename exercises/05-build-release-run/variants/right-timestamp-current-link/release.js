// Release: build/ + config → releases/<timestamp>-<random>/, then `current` points at it.
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';

const CONFIG_KEYS = ['PUBLIC_URL'];
const missing = CONFIG_KEYS.filter((key) => !process.env[key]);
if (missing.length) {
  console.error(`Missing config: ${missing.join(', ')}`);
  process.exit(1);
}
if (!fs.existsSync('build')) {
  console.error('No build/: run node build.js first');
  process.exit(1);
}

const id = `${new Date().toISOString().replace(/[-:.]/g, '')}-${randomBytes(3).toString('hex')}`;
const dir = path.join('releases', id);
fs.mkdirSync('releases', { recursive: true });
fs.mkdirSync(dir); // throws if it exists: a release is never overwritten
fs.cpSync('build', path.join(dir, 'build'), { recursive: true });
fs.writeFileSync(path.join(dir, 'release.env'), CONFIG_KEYS.map((key) => `${key}=${process.env[key]}\n`).join(''));

// Move the `current` link in one step: make the new link aside, then rename it over the old one.
const next = `current.${process.pid}`;
fs.symlinkSync(dir, next);
fs.renameSync(next, 'current');

console.log(`Released ${id}`);
