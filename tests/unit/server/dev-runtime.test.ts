import { readFileSync } from 'node:fs';
import { dev } from 'astro';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// `npm run dev` answers the runner API with the course server's guards.
let server: Awaited<ReturnType<typeof dev>>;
let origin = '';

beforeAll(async () => {
  server = await dev({ root: process.cwd(), logLevel: 'error', server: { port: 4388 + Math.floor(Math.random() * 300), host: '127.0.0.1' } });
  origin = `http://127.0.0.1:${server.address.port}`;
}, 60_000);

afterAll(async () => {
  await server?.stop();
});

describe('dev server runtime', () => {
  it('serves the token to same-origin requests and refuses other origins', async () => {
    const ok = await fetch(`${origin}/api/runtime`);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('access-control-allow-origin')).toBeNull();
    expect(((await ok.json()) as { runtime: string }).runtime).toBe('local');
    const foreign = await fetch(`${origin}/api/runtime`, { headers: { Origin: 'http://evil.example' } });
    expect(foreign.status).toBe(403);
  });

  it('runs the hidden tests on the reference solution', async () => {
    const { token } = (await (await fetch(`${origin}/api/runtime`)).json()) as { token: string };
    const files = { 'server.js': readFileSync('exercises/07-port-binding/solution/server.js', 'utf8') };
    const refused = await fetch(`${origin}/api/runs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ exercise: '07-port-binding', files }) });
    expect(refused.status).toBe(403);
    const response = await fetch(`${origin}/api/runs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-course-token': token },
      body: JSON.stringify({ exercise: '07-port-binding', files }),
    });
    const last = JSON.parse((await response.text()).trim().split('\n').at(-1) ?? '{}') as { type: string; results: { status: string } };
    expect(last.type).toBe('result');
    expect(last.results.status).toBe('pass');
  });
});
