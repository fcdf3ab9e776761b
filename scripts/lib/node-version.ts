/**
 * The project runs its TypeScript tools directly with Node (type stripping,
 * on by default from Node 22.18), Astro 7 needs 22.12, and the lint tooling
 * declares ^22.22.3 || >=24.16: `engines` in package.json says the same.
 */
export function nodeIsSupported(version: string): boolean {
  const [major = 0, minor = 0, patch = 0] = version.replace(/^v/, '').split('.').map(Number);
  if (major === 22) return minor > 22 || (minor === 22 && patch >= 3);
  if (major === 24) return minor >= 16;
  return major > 24;
}

export function assertNodeVersion(): void {
  if (nodeIsSupported(process.version)) return;
  console.error(`This course needs Node.js 22.22.3+ or 24.16+ (24 recommended, see .nvmrc); this is ${process.version}.`);
  process.exit(1);
}
