import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';

const numbers = existsSync('releases') ? readdirSync('releases').filter((n) => /^\d+$/.test(n)).map(Number) : [];
const id = process.argv[2] ?? (numbers.length ? String(Math.max(...numbers)) : null);
if (id === null || !numbers.includes(Number(id)) || !/^\d+$/.test(id)) {
  console.error(`Cannot run release ${id ?? '(none made yet)'}: known releases are ${numbers.join(', ') || 'none'}`);
  process.exit(1);
}

const dir = resolve('releases', id);
const { start } = await import(pathToFileURL(resolve(dir, 'app/server.js')).href);
start({
  assets: JSON.parse(readFileSync(resolve(dir, 'assets.json'), 'utf8')),
  config: JSON.parse(readFileSync(resolve(dir, 'config.json'), 'utf8')),
  port: Number(process.env.PORT),
});
