// One key per click job (idempotent: a repeated job rewrites its own key), and a
// total that is recomputed from those keys rather than incremented.

/** @param {ReturnType<typeof import('./store.js').connectStore>} store @param {string} code @param {string} jobId @param {{ signal?: AbortSignal }} [options] */
export async function recordClick(store, code, jobId, options = {}) {
  await store.set(`clicks:${code}:job:${jobId}`, '1', options);
  const all = await store.keys(`clicks:${code}:job:`, options);
  await store.set(`clicks:${code}:total`, String(all.length), options);
}

/** @param {ReturnType<typeof import('./store.js').connectStore>} store @param {string} code */
export async function countClicks(store, code) {
  return (await store.keys(`clicks:${code}:job:`)).length;
}
