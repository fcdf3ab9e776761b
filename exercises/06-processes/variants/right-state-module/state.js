// Everything Shortlinks remembers, behind one small module. Every function goes
// to the key-value store: this module holds nothing between calls.
const HOUR = 60 * 60 * 1000;

/** @param {ReturnType<typeof import('./store.js').connectStore>} store */
export function stateIn(store) {
  return {
    links: {
      find: (code) => store.getJson(`links/${code}`),
      save: (code, link) => store.setJson(`links/${code}`, link),
      async all() {
        const keys = await store.keys('links/');
        const pairs = await Promise.all(keys.map(async (key) => [key.slice(6), await store.getJson(key)]));
        return pairs.filter(([, link]) => link);
      },
    },
    clicks: {
      async of(code) {
        return Number((await store.get(`clicks/${code}`)) ?? 0);
      },
      async add(code) {
        const next = (await this.of(code)) + 1;
        await store.set(`clicks/${code}`, String(next));
        return next;
      },
    },
    sessions: {
      async start(id, user) {
        await store.setJson(`sessions/${id}`, { user, until: Date.now() + HOUR });
      },
      async user(id) {
        if (!id) return undefined;
        const session = await store.getJson(`sessions/${id}`);
        return session && session.until > Date.now() ? session.user : undefined;
      },
      end: (id) => (id ? store.delete(`sessions/${id}`) : Promise.resolve()),
    },
  };
}
