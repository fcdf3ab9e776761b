// The slow part of Shortlinks: fetching a link's target page to learn its title
// (shown next to the short link). One request to someone else's server, which
// may take seconds: work for the background, not for the request that creates the link.

/**
 * The text of the page's <title>, or null when the page cannot be fetched or has none.
 * @param {string} url
 * @returns {Promise<string | null>}
 */
export async function fetchTitle(url) {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(5000), headers: { accept: 'text/html' } });
    if (!res.ok) return null;
    const html = (await res.text()).slice(0, 200_000);
    const m = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(html);
    if (!m?.[1]) return null;
    const title = m[1]
      .replace(/\s+/g, ' ')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'")
      .replace(/&amp;/g, '&')
      .trim();
    return title || null;
  } catch {
    return null;
  }
}
