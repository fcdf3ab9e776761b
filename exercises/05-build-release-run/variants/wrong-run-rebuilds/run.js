// The run stage: `PORT=4000 node run.js [release-id]`.
// Rebuilds first, to be sure the code is fresh, then starts with the release's config.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';

const releases = new URL('./releases/', import.meta.url);
const ids = (existsSync(releases) ? readdirSync(releases) : [])
  .filter((name) => /^v\d+$/.test(name))
  .sort((a, b) => Number(a.slice(1)) - Number(b.slice(1)));
const id = process.argv[2] ?? ids.at(-1);
if (!id || !ids.includes(id)) {
  console.error(`There is no release ${id ?? ''}.`);
  process.exit(1);
}

execFileSync(process.execPath, ['build.js'], { stdio: 'inherit' });
// The freshly built server, with the config of the chosen release.
writeFileSync(new URL('./build/config.json', import.meta.url), readFileSync(new URL(`${id}/config.json`, releases)));
console.log(`Running release ${id} (rebuilt)`);
await import(new URL('./build/server.js', import.meta.url).href);
