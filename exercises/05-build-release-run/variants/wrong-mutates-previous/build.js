// The build stage: `node build.js`.
// Turns the sources in src/ into an executable bundle in build/: the compiled
// links and page, and the code that serves them. It reads no config, so it works
// with an empty environment, and the same build can go to any deploy.
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { compileSeeds, renderPage } from './src/compile.js';

const src = new URL('./src/', import.meta.url);
const out = new URL('./build/', import.meta.url);

const links = compileSeeds(readFileSync(new URL('seeds.txt', src), 'utf8'));
const page = renderPage(readFileSync(new URL('landing.html', src), 'utf8'), links);

rmSync(out, { recursive: true, force: true });
mkdirSync(out);
writeFileSync(new URL('links.json', out), JSON.stringify(links, null, 2));
writeFileSync(new URL('index.html', out), page);
for (const file of ['server.js', 'links.js']) copyFileSync(new URL(file, src), new URL(file, out));
// The bundle says it is ES modules itself, so it runs wherever it is copied.
writeFileSync(new URL('package.json', out), JSON.stringify({ type: 'module', private: true }, null, 2));

console.log(`Built ${Object.keys(links).length} links and the landing page into build/`);
