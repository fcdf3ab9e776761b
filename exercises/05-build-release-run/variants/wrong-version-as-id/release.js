// The release stage: `PUBLIC_URL=https://sho.example.com node release.js`.
// Copies the current build and a snapshot of the current config into a new
// folder named after the version in package.json, and prints its id.
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';

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

// The release is named after the version in package.json, like a git tag.
const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));
const id = `v${version}`;
const dir = new URL(`${id}/`, releases);
mkdirSync(dir, { recursive: true });
cpSync(build, dir, { recursive: true });
writeFileSync(new URL('config.json', dir), JSON.stringify({ PUBLIC_URL: publicUrl }, null, 2));

console.log(id);
