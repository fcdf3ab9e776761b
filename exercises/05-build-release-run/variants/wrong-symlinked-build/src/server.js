// Shortlinks' web process: reads the compiled files next to it, and its config from the environment.
import http from 'node:http';
import { readFileSync } from 'node:fs';
import { createHandler } from './links.js';

const read = (name) => readFileSync(new URL(`./${name}`, import.meta.url), 'utf8');
const links = JSON.parse(read('links.json'));
const page = read('index.html');

const port = Number(process.env.PORT);
const server = http.createServer(createHandler({ links, page, publicUrl: process.env.PUBLIC_URL }));
server.listen(port, () => console.log(`Shortlinks listening on port ${port}`));
