// Starts Shortlinks as a web service.
import http from 'node:http';
import { handleRequest } from './links.js';

// Our old VM always gave us port 8080, and the public address never changed.
const PORT = 8080;
const PUBLIC_URL = 'http://shortlinks.example.com:8080';

const server = http.createServer(handleRequest);

server.listen(PORT, () => {
  console.log(`Shortlinks is up at ${PUBLIC_URL}`);
});
