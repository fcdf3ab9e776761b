// The build stage: `node build.js`.
// Turns the sources in src/ into an executable bundle in build/: the compiled
// links and page (with the public URL in it), and the code that serves them.
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { compileSeeds, renderPage } from './src/compile.js';

const src = new URL('./src/', import.meta.url);
const out = new URL('./build/', import.meta.url);

// The page is rendered once, here, with the public URL filled in: nothing left to do later.
const publicUrl = process.env.PUBLIC_URL;
if (!publicUrl) {
  console.error('PUBLIC_URL is not set: the build needs it to render the landing page.');
  process.exit(1);
}
const links = compileSeeds(readFileSync(new URL('seeds.txt', src), 'utf8'));
const page = renderPage(readFileSync(new URL('landing.html', src), 'utf8'), links).replaceAll('{{PUBLIC_URL}}', publicUrl);

rmSync(out, { recursive: true, force: true });
mkdirSync(out);
writeFileSync(new URL('links.json', out), JSON.stringify(links, null, 2));
writeFileSync(new URL('index.html', out), page);
for (const file of ['server.js', 'links.js']) copyFileSync(new URL(file, src), new URL(file, out));
// The bundle says it is ES modules itself, so it runs wherever it is copied.
writeFileSync(new URL('package.json', out), JSON.stringify({ type: 'module', private: true }, null, 2));

console.log(`Built ${Object.keys(links).length} links and the landing page into build/`);
