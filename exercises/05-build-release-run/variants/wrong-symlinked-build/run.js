// Run: PORT=… node run.js [id]
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const ids = readdirSync('releases').filter((n) => /^v\d+$/.test(n)).sort((a, b) => a.slice(1) - b.slice(1));
const id = process.argv[2] ?? ids.at(-1);
const dir = path.resolve('releases', id);
const config = JSON.parse(readFileSync(path.join(dir, 'config.json'), 'utf8'));
process.env.PUBLIC_URL = config.PUBLIC_URL;
console.log(`Running release ${id}`);
await import(pathToFileURL(path.join(dir, 'build', 'server.js')).href);
