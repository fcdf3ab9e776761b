'use strict';
// Starts Shortlinks as a web service; the port comes from PORT (factor VII).
const http = require('http');
const { handleRequest } = require('./links');

const port = Number(process.env.PORT);
if (!Number.isInteger(port) || port < 1 || port > 65535) {
  console.error('PORT must be a port number, for example: PORT=4000 node server.js');
  process.exit(1);
}

http.createServer(handleRequest).listen(port, () => console.log(`Shortlinks listening on port ${port}`));
