// The worker: reads new jobs from jobs.jsonl (one JSON line per new link, written
// by the web process) and fetches their titles.
import { existsSync, readFileSync } from 'node:fs';
import { connectStore } from './store.js';
import { fetchTitle } from './titles.js';

const store = connectStore(process.env.STORE_URL);
let done = 0; // lines of jobs.jsonl already handled

setInterval(async () => {
  if (!existsSync('jobs.jsonl')) return;
  const lines = readFileSync('jobs.jsonl', 'utf8').split('\n').filter(Boolean);
  const fresh = lines.slice(done);
  done = lines.length;
  for (const line of fresh) {
    const { code } = JSON.parse(line);
    const link = await store.getJson(`link:${code}`);
    if (!link) continue;
    link.title = await fetchTitle(link.url);
    await store.setJson(`link:${code}`, link);
    console.log(`worker: ${code} is titled ${JSON.stringify(link.title)}`);
  }
}, 300);
console.log('worker: watching jobs.jsonl');
