// Starts Shortlinks "properly", the way it was run on its first VM: in the
// background, so that the terminal (or the SSH session) can be closed. It starts
// server.js as a detached child, notes its pid in shortlinks.pid (for the
// stop script and the monitoring), and returns at once.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';

const child = spawn(process.execPath, ['server.js'], {
  detached: true, // its own session: it survives when we exit
  stdio: 'ignore', // nobody is listening any more
  env: process.env,
});
child.unref();
writeFileSync('shortlinks.pid', `${child.pid}\n`);
console.log(`Shortlinks started in the background (pid ${child.pid}, see shortlinks.pid)`);
