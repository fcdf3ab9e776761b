// The release stage: `PUBLIC_URL=https://sho.example.com node release.js`.
// Copies the current build and a snapshot of the current config into a new
// folder, releases/<timestamp>, and prints its id.
import { cpSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';

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

// A timestamp id, like the factor's own example 2011-04-06-20:32:17 (colons are awkward in file names).
const id = new Date().toISOString().slice(0, 19).replace(/:/g, '-');
const dir = new URL(`${id}/`, releases);
mkdirSync(dir, { recursive: true });
cpSync(build, dir, { recursive: true });
writeFileSync(new URL('config.json', dir), JSON.stringify({ PUBLIC_URL: publicUrl }, null, 2));

console.log(id);
