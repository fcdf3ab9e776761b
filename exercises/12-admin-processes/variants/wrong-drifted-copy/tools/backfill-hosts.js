// One-off: files the links created before 0.12 under their hosts.
//   STORE_URL=… [STORE_KEY_PREFIX=…] npm run migrate
if (!process.env.STORE_URL) {
  console.error('STORE_URL is not set');
  process.exit(1);
}
const STORE = process.env.STORE_URL;
const PREFIX = process.env.STORE_KEY_PREFIX ?? '';

/** The host a link is filed under. */
const hostOf = (url) => new URL(url).host;

async function get(key) {
  const res = await fetch(`${STORE}/keys/${encodeURIComponent(PREFIX + key)}`);
  return res.status === 404 ? undefined : res.text();
}

async function put(key, value) {
  await fetch(`${STORE}/keys/${encodeURIComponent(PREFIX + key)}`, { method: 'PUT', body: value });
}

const keys = (await (await fetch(`${STORE}/keys`)).json()).filter((key) => key.startsWith(`${PREFIX}link:`)).map((key) => key.slice(PREFIX.length));
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
