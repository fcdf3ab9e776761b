import { describe, expect, it } from 'vitest';
import { request } from '../../../exercises/_harness/net.mjs';
import { startQueueStub } from '../../../exercises/_harness/stubs.mjs';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function reserve(port: number, queue = 'clicks') {
  return request({ port, method: 'POST', path: `/queues/${queue}/reserve` });
}

describe('queue stub lease (opt-in leaseMs)', () => {
  it('without leaseMs, a reserved job stays reserved (default unchanged)', async () => {
    const queue = await startQueueStub(null);
    try {
      const job = queue.push('clicks', { code: 'a' });
      const res = await reserve(queue.port);
      expect(res.status).toBe(200);
      expect(res.json()).toEqual({ id: job.id, payload: { code: 'a' } });
      await sleep(150);
      expect(job.state).toBe('reserved');
      expect(job.leaseExpiries).toBeUndefined();
      expect((await reserve(queue.port)).status).toBe(204);
    } finally {
      await queue.close();
    }
  });

  it('a job neither acked nor released within leaseMs goes back to pending and is handed out again', async () => {
    const queue = await startQueueStub(null, { leaseMs: 100 });
    try {
      const job = queue.push('clicks', { code: 'b' });
      const first = await reserve(queue.port);
      expect(first.json()).toEqual({ id: job.id, payload: { code: 'b' }, leaseMs: 100 });
      expect(job.state).toBe('reserved');
      expect((await reserve(queue.port)).status).toBe(204);
      await sleep(250);
      expect(job.state).toBe('pending');
      expect(job.leaseExpiries).toBe(1);
      const second = await reserve(queue.port);
      expect((second.json() as { id?: string } | undefined)?.id).toBe(job.id);
      expect(job.reservations).toBe(2);
      const ack = await request({ port: queue.port, method: 'POST', path: `/jobs/${job.id}/ack` });
      expect(ack.status).toBe(204);
      await sleep(250);
      expect(job.state).toBe('done');
      expect(job.acks).toBe(1);
      expect(job.leaseExpiries).toBe(1);
    } finally {
      await queue.close();
    }
  });

  it('ack and release end the lease', async () => {
    const queue = await startQueueStub(null, { leaseMs: 100 });
    try {
      const acked = queue.push('q', 1);
      const released = queue.push('q', 2);
      await reserve(queue.port, 'q');
      await reserve(queue.port, 'q');
      await request({ port: queue.port, method: 'POST', path: `/jobs/${acked.id}/ack` });
      await request({ port: queue.port, method: 'POST', path: `/jobs/${released.id}/release` });
      expect(released.state).toBe('pending');
      await sleep(250);
      expect(acked).toMatchObject({ state: 'done', acks: 1 });
      expect(released).toMatchObject({ state: 'pending', reservations: 1 });
      expect(acked.leaseExpiries).toBeUndefined();
      expect(released.leaseExpiries).toBeUndefined();
      const stats = await request({ port: queue.port, path: '/queues/q' });
      expect(stats.json()).toEqual({ pending: 1, reserved: 0, done: 1 });
    } finally {
      await queue.close();
    }
  });

  it('rejects a leaseMs that is not a positive number', async () => {
    await expect(startQueueStub(null, { leaseMs: 0 })).rejects.toThrow(/leaseMs/);
    await expect(startQueueStub(null, { leaseMs: Number.NaN })).rejects.toThrow(/leaseMs/);
  });
});
