import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { compileSeeds, renderPage } from './src/compile.js';

const fromSrc = (name) => new URL(`./src/${name}`, import.meta.url);
const toBuild = (name) => new URL(`./build/${name}`, import.meta.url);

function build() {
  const links = compileSeeds(readFileSync(fromSrc('seeds.txt'), 'utf8'));
  const page = renderPage(readFileSync(fromSrc('landing.html'), 'utf8'), links);
  rmSync(toBuild(''), { recursive: true, force: true });
  mkdirSync(toBuild('app/'), { recursive: true });
  writeFileSync(toBuild('assets.json'), JSON.stringify({ links, page }));
  copyFileSync(fromSrc('server.js'), toBuild('app/server.js'));
  copyFileSync(fromSrc('links.js'), toBuild('app/links.js'));
}

build();
