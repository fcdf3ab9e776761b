import http from 'node:http';
import { readFileSync } from 'node:fs';
import { handleRequest } from './links.js';

// The port comes from a config file checked in with the code.
const { port } = JSON.parse(readFileSync(new URL('./config.json', import.meta.url), 'utf8'));

http.createServer(handleRequest).listen(port, () => console.log(`Shortlinks listening on port ${port}`));
