// One-off: files the links created before 0.12 under their hosts, straight in the
// production store. Written when POST /admin/migrate timed out at the router on the
// big store; it does the same thing from a laptop, through a tunnel to the store:
//   ssh -L 6400:store.internal:6400 bastion     then: node tools/backfill-hosts.js
const STORE = 'http://127.0.0.1:6400';

/** The host a link is filed under. */
const hostOf = (url) => new URL(url).host;

async function get(key) {
  const res = await fetch(`${STORE}/keys/${encodeURIComponent(key)}`);
  return res.status === 404 ? undefined : res.text();
}

async function put(key, value) {
  await fetch(`${STORE}/keys/${encodeURIComponent(key)}`, { method: 'PUT', body: value });
}

const keys = (await (await fetch(`${STORE}/keys`)).json()).filter((key) => key.startsWith('link:'));
let filed = 0;
for (const key of keys) {
  const code = key.slice('link:'.length);
  const { url } = JSON.parse(await get(key));
  const hostKey = `host:${hostOf(url)}`;
  const codes = JSON.parse((await get(hostKey)) ?? '[]');
  if (codes.includes(code)) continue;
  codes.push(code);
  await put(hostKey, JSON.stringify(codes));
  filed++;
}
console.log(`filed ${filed} of ${keys.length} links`);
