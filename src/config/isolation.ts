/**
 * Headers that make a page cross-origin isolated, which WebContainer needs
 * (SharedArrayBuffer). Used by both `npm run dev` and the course server so
 * authors see exactly what learners get.
 */
export function isolationHeaders(coep: string): Record<string, string> {
  return {
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Embedder-Policy': coep,
    'Cross-Origin-Resource-Policy': 'same-origin',
  };
}
