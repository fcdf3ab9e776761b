// Shortlinks' config, read once from the environment (factor III). The same
// variables in every deploy; none of them names the environment.
const required = ['STORE_URL', 'QUEUE_URL'];
const missing = required.filter((name) => !process.env[name]?.trim());
if (missing.length) {
  console.error(`Missing configuration: ${missing.join(', ')}. Set ${missing.length === 1 ? 'it' : 'them'} to the service URL(s) this deploy is attached to.`);
  process.exit(1);
}

export const config = Object.freeze({
  storeUrl: String(process.env.STORE_URL).trim(),
  queueUrl: String(process.env.QUEUE_URL).trim(),
});
