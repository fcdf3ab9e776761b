/**
 * The project runs its TypeScript tools directly with Node (type stripping,
 * on by default from Node 22.18) and Astro 7 needs Node 22.12 or newer.
 */
export function assertNodeVersion(): void {
  const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
  if (major > 22 || (major === 22 && minor >= 18)) return;
  console.error(`This course needs Node.js 22.18 or newer (24 recommended, see .nvmrc); this is ${process.version}.`);
  process.exit(1);
}
