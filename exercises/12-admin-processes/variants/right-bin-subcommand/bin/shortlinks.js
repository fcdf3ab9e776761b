// Shortlinks' admin commands, one program with subcommands, like `rails db:migrate`
// or `python manage.py migrate`:
//   node bin/shortlinks.js migrate        file every link under its host (0.12)
//   node bin/shortlinks.js hosts <host>   print the codes filed under a host
import { storeConfig } from '../config.js';
import { HOST_PREFIX, allCodes, codesForHost, findLink, hostOf } from '../links.js';
import { connectStore } from '../store.js';

const [command, ...args] = process.argv.slice(2);
const commands = { migrate, hosts };
if (!(command in commands)) {
  console.error(`usage: node bin/shortlinks.js ${Object.keys(commands).join('|')}`);
  process.exit(2);
}
const { url, keyPrefix } = storeConfig();
const store = connectStore(url, { keyPrefix });
await commands[/** @type {keyof typeof commands} */ (command)](...args);

/** Groups every link by host, then adds to each host's list the codes it lacks. */
async function migrate() {
  /** @type {Map<string, string[]>} */
  const byHost = new Map();
  for (const code of await allCodes(store)) {
    const link = await findLink(store, code);
    if (!link) continue;
    const host = hostOf(link.url);
    byHost.set(host, [...(byHost.get(host) ?? []), code]);
  }
  let changed = 0;
  for (const [host, codes] of byHost) {
    const filed = await codesForHost(store, host);
    const missing = codes.filter((code) => !filed.includes(code));
    if (!missing.length) continue;
    await store.setJson(HOST_PREFIX + host, [...filed, ...missing]);
    changed++;
  }
  console.log(`migrate: ${byHost.size} hosts, ${changed} updated`);
}

/** @param {string} host */
async function hosts(host) {
  console.log((await codesForHost(store, host)).join('\n'));
}
