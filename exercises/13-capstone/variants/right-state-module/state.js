// All of Shortlinks' state, kept in the key-value store. Nothing is kept here.

/** @param {ReturnType<typeof import('./store.js').connectStore>} store */
export function stateIn(store) {
  return {
    links: {
      get: (code) => store.getJson(`link:${code}`),
      put: (code, link) => store.setJson(`link:${code}`, link),
      remove: (code) => store.delete(`link:${code}`),
      codes: async () => (await store.keys('link:')).map((k) => k.slice('link:'.length)),
    },
    clicks: {
      count: async (code) => Number((await store.get(`clicks:${code}`)) ?? 0),
      add: async (code) => store.set(`clicks:${code}`, String(Number((await store.get(`clicks:${code}`)) ?? 0) + 1)),
    },
    sessions: {
      get: (id) => store.getJson(`sessions/${id}`),
      put: (id, session) => store.setJson(`sessions/${id}`, session),
      remove: (id) => store.delete(`sessions/${id}`),
    },
  };
}
