import http from 'node:http';
import { handleRequest } from './links.js';

// Refuse anything that is not a number; everything else goes to listen().
const port = Number(process.env.PORT);
if (!process.env.PORT || Number.isNaN(port)) {
  console.error('PORT must be a number');
  process.exit(1);
}

const server = http.createServer(handleRequest);
server.listen(port, () => console.log(`Shortlinks listening on port ${server.address().port}`));
