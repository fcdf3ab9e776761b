// Starts Shortlinks; the port comes from PORT (factor VII).
import { createServer } from 'node:http';
import { handleRequest } from './src/app.js';

const port = Number.parseInt(process.env.PORT ?? '', 10);
if (!(port > 0 && port < 65536)) {
  console.error('Set PORT to a port number, e.g. PORT=4000 node server.js');
  process.exit(1);
}
createServer(handleRequest).listen(port, () => console.log(`Shortlinks on port ${port}`));
