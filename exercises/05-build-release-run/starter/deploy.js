// A one-machine stand-in for a deployment platform: `node deploy.js`.
// It runs the three stages the way a platform would:
//   1. node build.js    with an EMPTY environment (a build knows no deploy's config);
//   2. node release.js  with the deploy's config (PUBLIC_URL, taken from your environment);
//   3. node run.js      with nothing but PORT (the run starts from the release just made).
// You do not need to change this file.
import { spawn } from 'node:child_process';

const base = process.env.PATH ? { PATH: process.env.PATH } : {};
const pick = (name) => (process.env[name] === undefined ? {} : { [name]: process.env[name] });

/** Starts `node file` with exactly `env` (plus PATH); resolves with the child process. */
function stage(file, env) {
  console.log(`\n$ node ${file}`);
  return spawn(process.execPath, [file], { env: { ...base, ...env }, stdio: 'inherit' });
}

/** Runs a stage to its end; stops the deploy if it fails. */
async function mustSucceed(file, env) {
  const child = stage(file, env);
  const code = await new Promise((resolve) => child.on('exit', (c, signal) => resolve(c ?? signal)));
  if (code !== 0) {
    console.error(`deploy: node ${file} failed (exit code ${code}); stopping.`);
    process.exit(1);
  }
}

await mustSucceed('build.js', {});
await mustSucceed('release.js', pick('PUBLIC_URL'));

const run = stage('run.js', pick('PORT'));
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => run.kill(signal));
run.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
