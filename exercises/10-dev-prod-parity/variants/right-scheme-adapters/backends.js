// Which key-value store and job queue Shortlinks talks to, chosen by the URL each
// deploy gives (factor IV), never by the name of the environment. Adapters stay
// useful for moving to another kind of service later; every deploy uses the same.
import { connectQueue } from './queue.js';
import { connectStore } from './store.js';

/** Clients by URL scheme. */
const STORES = { 'http:': connectStore, 'https:': connectStore };
const QUEUES = { 'http:': connectQueue, 'https:': connectQueue };

/**
 * @template T
 * @param {string} name  the variable
 * @param {Record<string, (url: string) => T>} clients
 * @returns {T}
 */
function attach(name, clients) {
  const value = process.env[name];
  if (!value) return stop(`${name} is not set`);
  let scheme;
  try {
    scheme = new URL(value).protocol;
  } catch {
    return stop(`${name} is not a URL: ${value}`);
  }
  const connect = clients[scheme];
  if (!connect) return stop(`${name} uses ${scheme}, and Shortlinks has no client for it (known: ${Object.keys(clients).join(' ')})`);
  return connect(value);
}

/** @param {string} message @returns {never} */
function stop(message) {
  console.error(message);
  process.exit(1);
}

export function openBackends() {
  return { store: attach('STORE_URL', STORES), queue: attach('QUEUE_URL', QUEUES) };
}
