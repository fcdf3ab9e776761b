// Sending SIGTERM / SIGINT to the learner's app, honestly. Some runtimes cannot
// deliver signals (Windows; WebContainer does not document it). We find out by
// trying on a throw-away process, and if a signal cannot be delivered the check
// ends with status `error` and says so; it never passes by default.
import { spawn } from 'node:child_process';
import { HarnessError } from './failures.mjs';

/** @type {Map<string, Promise<{ supported: boolean, reason?: string }>>} */
const probes = new Map();

const PROBE = `
for (const s of ['SIGTERM', 'SIGINT']) process.on(s, () => { process.stdout.write('got:' + s + '\\n'); process.exit(0); });
process.stdout.write('ready\\n');
setInterval(() => {}, 1000);
`;

/**
 * Whether this runtime delivers `signal` to a child process (probed once, cached).
 * @param {'SIGTERM' | 'SIGINT'} signal
 * @returns {Promise<{ supported: boolean, reason?: string }>}
 */
export function signalSupport(signal = 'SIGTERM') {
  let probe = probes.get(signal);
  if (!probe) {
    probe = probeSignal(signal);
    probes.set(signal, probe);
  }
  return probe;
}

/** @param {'SIGTERM' | 'SIGINT'} signal */
function probeSignal(signal) {
  if (process.platform === 'win32') {
    return Promise.resolve({ supported: false, reason: `Windows cannot deliver ${signal} to a Node process` });
  }
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['-e', PROBE], { stdio: ['ignore', 'pipe', 'ignore'] });
    let text = '';
    const finish = (/** @type {{ supported: boolean, reason?: string }} */ result) => {
      clearTimeout(timer);
      try {
        child.kill('SIGKILL');
      } catch {
        // already gone
      }
      resolve(result);
    };
    const timer = setTimeout(
      () => finish({ supported: false, reason: `${signal} sent to a test process did not reach it within 3 s in this runtime` }),
      3000,
    );
    child.once('error', (err) => finish({ supported: false, reason: `could not start a probe process (${err.message})` }));
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk) => {
      text += chunk;
      if (text.includes('ready') && !text.includes('sent')) {
        text += 'sent';
        try {
          child.kill(signal);
        } catch (err) {
          finish({ supported: false, reason: `sending ${signal} failed (${/** @type {Error} */ (err).message})` });
        }
      }
      if (text.includes(`got:${signal}`)) finish({ supported: true });
    });
  });
}

/**
 * Sends `signal` to the app's main process (as a platform does when it stops a
 * container or dyno). With `group: true`, to its whole process group.
 * Throws a HarnessError (status `error`) where the runtime cannot deliver signals.
 * @param {import('./process.mjs').App} app
 * @param {'SIGTERM' | 'SIGINT'} signal
 * @param {{ group?: boolean }} [options]
 */
export async function sendSignal(app, signal, { group = false } = {}) {
  const support = await signalSupport(signal);
  if (!support.supported) {
    throw new HarnessError(
      `This check needs to send ${signal} to your app, but this runtime cannot deliver signals (${support.reason}). ` +
        'The check was not run, so it does not count as passed. Run it with the local runtime or `npm run check` on your machine.',
    );
  }
  if (!app.running || !app.pid) return;
  try {
    process.kill(group ? -app.pid : app.pid, signal);
  } catch (err) {
    throw new HarnessError(`Sending ${signal} to your app failed: ${/** @type {Error} */ (err).message}`);
  }
}
