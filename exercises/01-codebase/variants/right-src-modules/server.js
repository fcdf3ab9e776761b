import http from 'node:http';
import { readConfig } from './src/config.js';
import { Shortlinks } from './src/app.js';

const config = readConfig(process.env);
const app = new Shortlinks(config);

http.createServer((req, res) => app.handle(req, res)).listen(config.port, () => {
  console.log(JSON.stringify({ event: 'listening', deploy: config.deployName, port: config.port }));
});
