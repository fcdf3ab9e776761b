// Shortlinks' web process, as a function: the run stage calls start() with what a release holds.
import http from 'node:http';
import { createHandler } from './links.js';

/**
 * @param {{ assets: { links: Record<string, string>, page: string }, config: { PUBLIC_URL: string }, port: number }} options
 */
export function start({ assets, config, port }) {
  const server = http.createServer(createHandler({ ...assets, publicUrl: config.PUBLIC_URL }));
  server.listen(port, () => console.log(`Shortlinks listening on port ${port}`));
  return server;
}
