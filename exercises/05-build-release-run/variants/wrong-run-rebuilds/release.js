// The release stage: `PUBLIC_URL=https://sho.example.com node release.js`.
// Copies the current build and a snapshot of the current config into a new
// folder, releases/v<N>, and prints its id. Releases are an append-only ledger:
// a new id every time, and an existing release is never touched.
import { cpSync, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';

const build = new URL('./build/', import.meta.url);
const releases = new URL('./releases/', import.meta.url);

const publicUrl = process.env.PUBLIC_URL;
if (!publicUrl || !URL.canParse(publicUrl)) {
  console.error(`PUBLIC_URL must be the base URL of the short links (e.g. https://sho.example.com), but it is "${publicUrl ?? ''}".`);
  process.exit(1);
}
if (!existsSync(build)) {
  console.error('There is no build/ to release: run node build.js first.');
  process.exit(1);
}

mkdirSync(releases, { recursive: true });
const numbers = readdirSync(releases).map((name) => /^v(\d+)$/.exec(name)?.[1]).filter(Boolean).map(Number);
let n = Math.max(0, ...numbers) + 1;
// mkdirSync without `recursive` fails if the folder exists: it can never reuse an id.
for (;; n++) {
  try {
    mkdirSync(new URL(`v${n}/`, releases));
    break;
  } catch (err) {
    if (err.code !== 'EEXIST') throw err;
  }
}
const id = `v${n}`;
const dir = new URL(`${id}/`, releases);
cpSync(build, dir, { recursive: true });
writeFileSync(new URL('config.json', dir), JSON.stringify({ PUBLIC_URL: publicUrl }, null, 2));

console.log(id);
