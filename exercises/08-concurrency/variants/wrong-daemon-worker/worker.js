// Starts the titles worker in the background, so that it keeps running when this
// terminal (or the deploy script) ends.
import { spawn } from 'node:child_process';

const child = spawn(process.execPath, ['titles-worker.js'], { detached: true, stdio: 'ignore', env: process.env });
child.unref();
console.log(`worker: titles worker started in the background (pid ${child.pid})`);
