import { ConfigError, readPort } from './lib/port.js';
import { ShortlinksServer } from './lib/shortlinks-server.js';

let port;
try {
  port = readPort(process.env);
} catch (err) {
  if (!(err instanceof ConfigError)) throw err;
  console.error(`shortlinks: ${err.message}`);
  process.exit(78); // EX_CONFIG
}

const { port: bound } = await new ShortlinksServer().listen(port);
process.stdout.write(`level=info msg="shortlinks ready" port=${bound}\n`);
