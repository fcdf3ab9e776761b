// A one-machine stand-in for a deployment platform: `node deploy.js`.
// It runs the three stages the way a platform would:
//   1. node build.js    with an EMPTY environment (a build knows no deploy's config);
//   2. node release.js  with the deploy's config (PUBLIC_URL, taken from your environment);
//   3. node run.js      with nothing but PORT (the run starts from the release just made).
// You do not need to change this file.
import { spawnSync, spawn } from 'node:child_process';

const base = process.env.PATH ? { PATH: process.env.PATH } : {};
const stage = (file, env) => {
  console.log(`\n$ node ${file}`);
  const result = spawnSync(process.execPath, [file], { env: { ...base, ...env }, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`deploy: node ${file} failed (exit code ${result.status ?? result.signal}); stopping.`);
    process.exit(1);
  }
};

stage('build.js', {});
stage('release.js', process.env.PUBLIC_URL === undefined ? {} : { PUBLIC_URL: process.env.PUBLIC_URL });

console.log('\n$ node run.js');
const run = spawn(process.execPath, ['run.js'], {
  env: { ...base, ...(process.env.PORT === undefined ? {} : { PORT: process.env.PORT }) },
  stdio: 'inherit',
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => run.kill(signal));
run.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
