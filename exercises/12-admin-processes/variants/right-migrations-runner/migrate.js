// Runs the migrations in migrations/ that this store has not had yet, in name
// order, and records each one in the store (key "migrations"), the way Rails keeps
// schema_migrations: a second run finds nothing to do.
//   STORE_URL=… [STORE_KEY_PREFIX=…] node migrate.js
import { readdir } from 'node:fs/promises';
import { connectStore } from './store.js';

if (!process.env.STORE_URL) {
  console.error('migrate: STORE_URL is not set (the key-value store the app uses)');
  process.exit(1);
}
const store = connectStore(process.env.STORE_URL, { keyPrefix: process.env.STORE_KEY_PREFIX ?? '' });

/** @type {string[]} */
const applied = (await store.getJson('migrations')) ?? [];
const names = (await readdir(new URL('./migrations/', import.meta.url))).filter((f) => f.endsWith('.js')).sort();
for (const name of names) {
  if (applied.includes(name)) continue;
  const { up } = await import(`./migrations/${name}`);
  console.log(`migrate: ${name}`);
  await up(store);
  applied.push(name);
  await store.setJson('migrations', applied);
}
console.log(`migrate: ${names.length} migrations, all applied`);
