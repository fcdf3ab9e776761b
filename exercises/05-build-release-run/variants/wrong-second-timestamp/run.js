// The run stage: `PORT=4000 node run.js [release-id]`.
// Starts the web process from a release: the one named, or the newest. It builds
// nothing and reads no config from the environment but PORT: the rest is in the release.
import { existsSync, readdirSync } from 'node:fs';

const releases = new URL('./releases/', import.meta.url);
const ids = (existsSync(releases) ? readdirSync(releases) : [])
  .filter((name) => /^\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d$/.test(name))
  .sort();

const id = process.argv[2] ?? ids.at(-1);
if (!id) {
  console.error('There is no release to run: run node build.js, then node release.js.');
  process.exit(1);
}
if (!ids.includes(id)) {
  console.error(`There is no release ${id}. Releases: ${ids.join(', ') || 'none'}.`);
  process.exit(1);
}

console.log(`Running release ${id}`);
await import(new URL(`${id}/server.js`, releases).href);
