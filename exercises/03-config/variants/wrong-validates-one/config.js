// Config from the environment, checked at start-up.
const { PUBLIC_URL, ADMIN_TOKEN } = process.env;

try {
  const { protocol } = new URL(PUBLIC_URL ?? '');
  if (protocol !== 'http:' && protocol !== 'https:') throw new Error('not http(s)');
} catch {
  console.error(`PUBLIC_URL must be an absolute http(s) URL, got ${JSON.stringify(PUBLIC_URL)}`);
  process.exit(1);
}

export const config = { publicUrl: PUBLIC_URL.replace(/\/$/, ''), adminToken: ADMIN_TOKEN };
