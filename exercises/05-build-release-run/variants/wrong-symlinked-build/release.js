// Release: a new folder with the config, and a link to the build (why copy it?).
import { existsSync, mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const publicUrl = process.env.PUBLIC_URL;
if (!publicUrl) {
  console.error('PUBLIC_URL is not set');
  process.exit(1);
}
mkdirSync('releases', { recursive: true });
const numbers = readdirSync('releases').map((name) => Number(/^v(\d+)$/.exec(name)?.[1] ?? 0));
const id = `v${Math.max(0, ...numbers) + 1}`;
const dir = path.join('releases', id);
if (existsSync(dir)) throw new Error(`release ${id} exists`);
mkdirSync(dir);
symlinkSync(path.join('..', '..', 'build'), path.join(dir, 'build'));
writeFileSync(path.join(dir, 'config.json'), JSON.stringify({ PUBLIC_URL: publicUrl }));
console.log(id);
