import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const RELEASE_ID = /^\d{4}-\d\d-\d\d-\d{9}$/;

fs.readdir('releases', (err, names) => {
  const ids = err ? [] : names.filter((n) => RELEASE_ID.test(n)).sort();
  const id = process.argv[2] || ids[ids.length - 1];
  if (!id || !ids.includes(id)) {
    console.error(`run: no release ${id || '(none yet)'}; known: ${ids.join(' ') || 'none'}`);
    process.exit(1);
  }
  import(pathToFileURL(path.resolve('releases', id, 'server.js')).href).catch((e) => {
    console.error(e);
    process.exit(1);
  });
});
