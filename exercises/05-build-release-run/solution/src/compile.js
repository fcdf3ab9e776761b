// The compilers: they turn the sources in src/ into what Shortlinks serves.
// Pure functions (text in, text out): where and when they run is up to you.

/**
 * Compiles seeds.txt (one "code url" pair per line; blank lines and # comments
 * are skipped) into an object: short code → long URL. Throws on a bad line.
 * @param {string} text
 * @returns {Record<string, string>}
 */
export function compileSeeds(text) {
  /** @type {Record<string, string>} */
  const links = {};
  text.split('\n').forEach((raw, index) => {
    const line = raw.trim();
    if (!line || line.startsWith('#')) return;
    const [code, url, ...rest] = line.split(/\s+/);
    if (!/^[a-z0-9-]{1,32}$/.test(code) || !url || rest.length || !URL.canParse(url)) {
      throw new Error(`seeds.txt, line ${index + 1}: expected "code https://url", got "${line}"`);
    }
    links[code] = url;
  });
  return links;
}

/**
 * Renders the landing page: puts the list of seeded links where the template says
 * <!-- links -->, and squeezes out the whitespace between tags. Leaves every
 * {{PUBLIC_URL}} in place: the public base URL is config, filled in by links.js.
 * @param {string} template
 * @param {Record<string, string>} links
 * @returns {string}
 */
export function renderPage(template, links) {
  const items = Object.entries(links)
    .map(([code, url]) => `<li><a href="{{PUBLIC_URL}}/${code}">{{PUBLIC_URL}}/${code}</a> → ${escapeHtml(url)}</li>`)
    .join('');
  return template
    .replace('<!-- links -->', items)
    .replace(/>\s+</g, '><')
    .trim();
}

/** @param {string} text */
function escapeHtml(text) {
  return text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] ?? c);
}
