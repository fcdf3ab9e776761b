// A small client for Shortlinks' job queue, an attached resource reached over
// HTTP (factor IV). Its address comes from config: the QUEUE_URL variable.
//
// The queue speaks plain HTTP:
//   POST /queues/:name/jobs     JSON payload      → 201 {"id"}
//   POST /queues/:name/reserve                    → 200 {"id", "payload"}, or 204 when it is empty
//   POST /jobs/:id/ack                            → 204: the job is done, it is never handed out again
//   POST /jobs/:id/release                        → 204: the job goes back to the queue
//   GET  /queues/:name                            → 200 {"pending", "reserved", "done"}
// A reserved job belongs to the process that reserved it until that process
// acknowledges it (done) or releases it (give it to someone else).

/**
 * @param {string} queueUrl  e.g. http://127.0.0.1:6500
 */
export function connectQueue(queueUrl) {
  const base = new URL(queueUrl);

  /** @param {string} path @param {string} what @param {unknown} [body] */
  async function post(path, what, body) {
    let res;
    try {
      res = await fetch(new URL(path, base), {
        method: 'POST',
        ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
      });
    } catch (err) {
      throw new Error(`The queue at ${base.origin} did not answer (${what}): ${err.cause?.code ?? err.message}`);
    }
    if (res.status >= 400) throw new Error(`The queue at ${base.origin} refused ${what}: status ${res.status}`);
    return res;
  }

  return {
    /** Adds a job to queue `name`; resolves with its id. @param {string} name @param {unknown} payload */
    async push(name, payload) {
      const res = await post(`/queues/${encodeURIComponent(name)}/jobs`, `push to ${name}`, payload);
      return /** @type {{ id: string }} */ (await res.json()).id;
    },
    /**
     * Takes the next job of queue `name` for this process, or undefined when there is none.
     * @param {string} name
     * @returns {Promise<{ id: string, payload: any } | undefined>}
     */
    async reserve(name) {
      const res = await post(`/queues/${encodeURIComponent(name)}/reserve`, `reserve from ${name}`);
      if (res.status === 204) return undefined;
      return res.json();
    },
    /** The job is done: the queue forgets it. @param {string} id */
    async ack(id) {
      await post(`/jobs/${encodeURIComponent(id)}/ack`, `ack job ${id}`);
    },
    /** The job is not done: the queue hands it out again. @param {string} id */
    async release(id) {
      await post(`/jobs/${encodeURIComponent(id)}/release`, `release job ${id}`);
    },
  };
}
