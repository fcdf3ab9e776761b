// Shortlinks' worker: a small class with start() and stop().
import { CLICKS_QUEUE } from './app.js';
import { recordClick } from './clicks.js';
import { connectQueue } from './queue.js';
import { connectStore } from './store.js';

class ClickWorker {
  /** @param {ReturnType<typeof connectStore>} store @param {ReturnType<typeof connectQueue>} queue */
  constructor(store, queue) {
    this.store = store;
    this.queue = queue;
    this.running = false;
    this.abort = new AbortController();
    /** @type {(() => void) | null} */
    this.wake = null;
  }

  async start() {
    this.running = true;
    while (this.running) {
      const job = await this.queue.reserve(CLICKS_QUEUE);
      if (!job) {
        await new Promise((resolve) => {
          const timer = setTimeout(resolve, 250);
          this.wake = () => (clearTimeout(timer), resolve(undefined));
        });
        this.wake = null;
        continue;
      }
      await this.run(job);
    }
  }

  /** @param {{ id: string, payload: { code: string } }} job */
  async run(job) {
    if (!this.running) return this.queue.release(job.id);
    try {
      await recordClick(this.store, job.payload.code, job.id, { signal: this.abort.signal });
    } catch (err) {
      await this.queue.release(job.id);
      if (this.running) console.error(`job ${job.id} failed, released: ${err.message}`);
      return;
    }
    await this.queue.ack(job.id);
  }

  stop() {
    this.running = false;
    this.abort.abort();
    this.wake?.();
  }
}

if (!process.env.STORE_URL || !process.env.QUEUE_URL) {
  console.error('STORE_URL and QUEUE_URL must be set');
  process.exit(1);
}
const worker = new ClickWorker(connectStore(process.env.STORE_URL), connectQueue(process.env.QUEUE_URL));
process.once('SIGTERM', () => worker.stop());
process.once('SIGINT', () => worker.stop());
await worker.start();
console.log('worker stopped');
