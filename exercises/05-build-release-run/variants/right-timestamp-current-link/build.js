// Build: src/ → build/. No config needed.
import fs from 'node:fs';
import path from 'node:path';
import { compileSeeds, renderPage } from './src/compile.js';

const out = 'build';
const links = compileSeeds(fs.readFileSync('src/seeds.txt', 'utf8'));
const page = renderPage(fs.readFileSync('src/landing.html', 'utf8'), links);

fs.rmSync(out, { recursive: true, force: true });
fs.mkdirSync(out);
fs.writeFileSync(path.join(out, 'links.json'), JSON.stringify(links));
fs.writeFileSync(path.join(out, 'index.html'), page);
fs.copyFileSync('src/server.js', path.join(out, 'server.js'));
fs.copyFileSync('src/links.js', path.join(out, 'links.js'));
fs.writeFileSync(path.join(out, 'package.json'), '{ "type": "module" }\n');
console.log('build/ is ready');
