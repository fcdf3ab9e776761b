// How a click is stored and counted. The worker calls recordClick() once for each
// "click" job it takes off the queue; GET /links/:code calls countClicks().

/**
 * Records one click on `code`, for the job `jobId`.
 * @param {ReturnType<typeof import('./store.js').connectStore>} store
 * @param {string} code
 * @param {string} jobId  the queue's id for this click job
 * @param {{ signal?: AbortSignal }} [options]
 */
export async function recordClick(store, code, jobId, options = {}) {
  const count = Number((await store.get(`clicks:${code}`, options)) ?? 0);
  await store.set(`clicks:${code}`, String(count + 1), options);
}

/**
 * How many clicks `code` has had.
 * @param {ReturnType<typeof import('./store.js').connectStore>} store
 * @param {string} code
 */
export async function countClicks(store, code) {
  return Number((await store.get(`clicks:${code}`)) ?? 0);
}
