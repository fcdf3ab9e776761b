// Starts Shortlinks as a web service.
import http from 'node:http';
import { createHandler } from './app.js';
import { readSettings } from './settings.mjs';

const settings = readSettings();
if (settings === null) {
  process.exitCode = 78; // EX_CONFIG
} else {
  // The platform gives each process its port in PORT (factor VII, port binding, explains why).
  const port = Number(process.env.PORT);
  http.createServer(createHandler(settings)).listen(port, () => {
    console.log(JSON.stringify({ event: 'listening', port, publicUrl: settings.publicUrl.href }));
  });
}
