const http = await import('node:http');
const { handleRequest } = await import('./links.js');

const value = process.env.PORT ?? '';
const port = Number.parseInt(value, 10);
if (String(port) !== value.trim() || port <= 0 || port > 65535) {
  console.error(value ? `Refusing to start: PORT=${value} is not a usable port.` : 'Refusing to start: PORT is not set.');
  process.exitCode = 2;
} else {
  const server = http.createServer();
  server.on('request', handleRequest);
  server.listen({ port, host: '::' }, () => {
    const { port: bound } = server.address();
    console.log(`shortlinks: accepting connections on :${bound}`);
  });
}
