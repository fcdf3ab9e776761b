// The web process of one release: reads release.json and the compiled assets beside it.
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { createHandler } from './links.js';

const here = new URL('.', import.meta.url);
const [manifest, links, page] = await Promise.all([
  readFile(new URL('release.json', here), 'utf8').then(JSON.parse),
  readFile(new URL('assets/links.json', here), 'utf8').then(JSON.parse),
  readFile(new URL('assets/index.html', here), 'utf8'),
]);

const server = createServer(createHandler({ links, page, publicUrl: manifest.config.PUBLIC_URL }));
server.listen(Number(process.env.PORT), () => {
  console.log(JSON.stringify({ event: 'listening', release: manifest.id, port: server.address().port }));
});
