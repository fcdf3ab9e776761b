// Starts Shortlinks. Everything happens here, every time the process starts:
// it compiles the seeded links and the landing page from the sources next to it,
// saves what it compiled into src/public/ (a habit from the days when someone
// edited those files on the server), reads its config, and serves.
import http from 'node:http';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { compileSeeds, renderPage } from './compile.js';
import { createHandler } from './links.js';

const publicUrl = process.env.PUBLIC_URL;
if (!publicUrl) {
  console.error('PUBLIC_URL is not set: give the base URL of the short links, e.g. PUBLIC_URL=https://sho.example.com');
  process.exit(1);
}
// PORT is given by the platform (factor VII, port binding, explains why).
const port = Number(process.env.PORT);
if (!Number.isInteger(port) || port < 1 || port > 65535) {
  console.error(`PORT must be a whole number from 1 to 65535, but it is "${process.env.PORT ?? ''}".`);
  process.exit(1);
}

// Compiling, at start-up, from the sources.
const links = compileSeeds(readFileSync(new URL('./seeds.txt', import.meta.url), 'utf8'));
const page = renderPage(readFileSync(new URL('./landing.html', import.meta.url), 'utf8'), links);

// Writing into its own source folder, at run time.
mkdirSync(new URL('./public/', import.meta.url), { recursive: true });
writeFileSync(new URL('./public/links.json', import.meta.url), JSON.stringify(links, null, 2));
writeFileSync(new URL('./public/index.html', import.meta.url), page);

const server = http.createServer(createHandler({ links, page, publicUrl }));
server.listen(port, () => {
  console.log(`Shortlinks listening on port ${server.address().port}`);
});
