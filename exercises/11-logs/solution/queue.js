// A small client for Shortlinks' job queue, an attached resource reached over
// HTTP (factor IV). Its address comes from config (QUEUE_URL).
//
//   POST /queues/:name/jobs     JSON payload → 201 { id }
//   POST /queues/:name/reserve  → 200 { id, payload } (the job is now yours) | 204 when empty
//   POST /jobs/:id/ack          → 204: done, the queue forgets it
//   POST /jobs/:id/release      → 204: not done, back to the queue for any worker
// A reserved job is handed to no other worker until it is acked or released. A
// queue may also give it back by itself when the worker holding it goes silent
// for too long (a lease, a visibility timeout): then the job runs again.
// Every method takes an optional { signal } (an AbortSignal) to give up a call.

/** @param {string} queueUrl  e.g. http://127.0.0.1:6500 */
export function connectQueue(queueUrl) {
  const base = new URL(queueUrl);

  /** @param {string} path @param {RequestInit} init */
  async function post(path, init = {}) {
    let res;
    try {
      res = await fetch(new URL(path, base), { method: 'POST', ...init });
    } catch (err) {
      if (init.signal?.aborted) throw err;
      throw new Error(`The queue at ${base.origin} did not answer (POST ${path}): ${err.cause?.code ?? err.message}`);
    }
    if (res.status >= 500) throw new Error(`The queue at ${base.origin} failed (POST ${path}): status ${res.status}`);
    return res;
  }

  return {
    /** Adds a job. @param {string} queue @param {unknown} payload @returns {Promise<string>} its id */
    async push(queue, payload) {
      const res = await post(`/queues/${encodeURIComponent(queue)}/jobs`, {
        body: JSON.stringify(payload),
        headers: { 'content-type': 'application/json' },
      });
      return (await res.json()).id;
    },
    /** Takes the next job, or undefined when there is none. @param {string} queue @param {{ signal?: AbortSignal }} [options] @returns {Promise<{ id: string, payload: any } | undefined>} */
    async reserve(queue, { signal } = {}) {
      const res = await post(`/queues/${encodeURIComponent(queue)}/reserve`, { signal });
      if (res.status === 204) return undefined;
      return res.json();
    },
    /** The job is done. @param {string} id */
    async ack(id) {
      await post(`/jobs/${encodeURIComponent(id)}/ack`);
    },
    /** The job is not done: give it back for another worker. @param {string} id */
    async release(id) {
      await post(`/jobs/${encodeURIComponent(id)}/release`);
    },
  };
}
