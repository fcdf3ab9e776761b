// Shared by both process types: run the shutdown steps once, on the first SIGTERM
// or SIGINT, and say so on stdout.
/** @type {Array<(signal: string) => void | Promise<void>>} */
const steps = [];
let started = false;

/** @param {(signal: string) => void | Promise<void>} step */
export function onShutdown(step) {
  steps.push(step);
}

for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, async () => {
    if (started) return;
    started = true;
    console.log(`${signal} received, shutting down`);
    for (const step of steps) await step(signal);
  });
}

/** @param {string[]} names */
export function requireEnv(names) {
  const missing = names.filter((n) => !process.env[n]);
  if (missing.length) {
    console.error(`set ${missing.join(' and ')}`);
    process.exit(1);
  }
  return Object.fromEntries(names.map((n) => [n, String(process.env[n])]));
}
