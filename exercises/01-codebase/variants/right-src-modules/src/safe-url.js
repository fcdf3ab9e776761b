const WEB = new Set(['http:', 'https:']);

/** The URL, parsed, when it is a web address; null for javascript:, data:, file: … or garbage. */
export function webUrl(text) {
  try {
    const url = new URL(text);
    return WEB.has(url.protocol) ? url : null;
  } catch {
    return null;
  }
}
