// Shortlinks' web process, started by run.js inside a release, with the release's
// config in its environment. It reads only the files compiled next to it.
import http from 'node:http';
import { readFileSync } from 'node:fs';
import { createHandler } from './links.js';

const here = (name) => new URL(name, import.meta.url);
const links = JSON.parse(readFileSync(here('./links.json'), 'utf8'));
const page = readFileSync(here('./index.html'), 'utf8');

const { PUBLIC_URL, PORT } = process.env;
if (!PUBLIC_URL) throw new Error('PUBLIC_URL is not set: start me with node run.js, from a release');
const port = Number(PORT);
if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`PORT must be a port number, got "${PORT}"`);

const server = http.createServer(createHandler({ links, page, publicUrl: PUBLIC_URL }));
server.listen(port, () => console.log(`Shortlinks listening on port ${port}`));
