// Shortlinks' web process. This file is copied into the build (and so into every
// release), next to what the build compiled (links.json, index.html) and, in a
// release, the config snapshot (config.json). It only reads those files: it
// compiles nothing and writes nothing.
import http from 'node:http';
import { readFileSync } from 'node:fs';
import { createHandler } from './links.js';

const read = (name) => readFileSync(new URL(`./${name}`, import.meta.url), 'utf8');

const links = JSON.parse(read('links.json'));
const page = read('index.html');
const config = JSON.parse(read('config.json'));

// PORT is given by the platform when it runs the process (factor VII, port binding).
const port = Number(process.env.PORT);
if (!Number.isInteger(port) || port < 1 || port > 65535) {
  console.error(`PORT must be a whole number from 1 to 65535, but it is "${process.env.PORT ?? ''}".`);
  process.exit(1);
}

const server = http.createServer(createHandler({ links, page, publicUrl: config.PUBLIC_URL }));
server.listen(port, () => {
  console.log(`Shortlinks listening on port ${server.address().port}`);
});
