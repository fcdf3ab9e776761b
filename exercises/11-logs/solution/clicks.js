// How a click is stored and counted. The worker calls recordClick() once for each
// "click" job it takes off the queue; GET /links/:code calls countClicks().
//
// A job may run more than once: a worker can be stopped or killed after its write
// reached the store but before it acknowledged the job, and the queue then hands
// the job out again. So recording a click is idempotent: each job writes one key
// of its own, click:<code>:<jobId>, and writing it twice changes nothing. The
// count is the number of those keys. (A read-add-write of one counter would count
// a repeated job twice, and would lose clicks when two workers race.)

/**
 * Records the click of job `jobId` on `code`. Safe to run again for the same job.
 * @param {ReturnType<typeof import('./store.js').connectStore>} store
 * @param {string} code
 * @param {string} jobId
 * @param {{ signal?: AbortSignal }} [options]
 */
export async function recordClick(store, code, jobId, options = {}) {
  await store.set(`click:${code}:${jobId}`, new Date().toISOString(), options);
}

/**
 * How many clicks `code` has had: one per job recorded.
 * @param {ReturnType<typeof import('./store.js').connectStore>} store
 * @param {string} code
 */
export async function countClicks(store, code) {
  return (await store.keys(`click:${code}:`)).length;
}
