import { mkdir, readFile, rm, writeFile, copyFile } from 'node:fs/promises';
import { compileSeeds, renderPage } from './src/compile.js';

const OUT = 'build';

await rm(OUT, { recursive: true, force: true });
await mkdir(`${OUT}/assets`, { recursive: true });

const links = compileSeeds(await readFile('src/seeds.txt', 'utf8'));
const page = renderPage(await readFile('src/landing.html', 'utf8'), links);
await writeFile(`${OUT}/assets/links.json`, JSON.stringify(links, null, 2));
await writeFile(`${OUT}/assets/index.html`, page);
await Promise.all(['server.js', 'links.js'].map((f) => copyFile(`src/${f}`, `${OUT}/${f}`)));
await writeFile(`${OUT}/package.json`, JSON.stringify({ type: 'module' }));
console.log(`build: ${Object.keys(links).length} links compiled`);
