/**
 * "Run app" proxy: a header (or path) that HTTP cannot carry is the learner's mistake, answered
 * 400 with a message that names it — not a 500 from the course server. Requests are written
 * byte for byte on a raw socket, so no client library cleans them up first.
 */
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeRunner, makeDist, openApp, post, removeDir, start, testConfig, TOKEN, type Started } from './helpers.ts';

/** POST /api/apps/<id>/request written by hand on a socket; resolves with the status and JSON body. */
function rawProxy(port: number, id: string, bodyText: string): Promise<{ status: number; body: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let reply = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (reply += chunk));
    socket.on('error', reject);
    socket.on('end', () => {
      const [head = '', body = ''] = reply.split('\r\n\r\n');
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0);
      try {
        resolve({ status, body: JSON.parse(body) as Record<string, unknown> });
      } catch {
        reject(new Error(`not JSON: ${reply}`));
      }
    });
    socket.end(
      `POST /api/apps/${id}/request HTTP/1.1\r\n` +
        `Host: 127.0.0.1:${port}\r\n` +
        `Content-Type: application/json\r\n` +
        `X-Course-Token: ${TOKEN}\r\n` +
        `Connection: close\r\n` +
        `Content-Length: ${Buffer.byteLength(bodyText)}\r\n\r\n` +
        bodyText,
    );
  });
}

describe('app proxy: headers it cannot forward', () => {
  let dist: string;
  let s: Started;
  let app: ReturnType<typeof openApp>;
  let id: string;
  beforeAll(async () => {
    dist = makeDist();
    s = await start(testConfig(dist), new FakeRunner());
    app = openApp(s.port, { exercise: 'demo', files: {} });
    id = await app.started;
  });
  afterAll(async () => {
    app.abort();
    await app.ended;
    await s.close();
    removeDir(dist);
  });

  it.each([
    ['a value with CR/LF (header injection)', { 'x-note': 'a\r\nX-Injected: 1' }, /value of header "x-note".*line break/],
    ['a value with a bare LF', { 'x-note': 'one\ntwo' }, /value of header "x-note".*line break/],
    ['a value with another control character', { 'x-note': 'bell\u0007' }, /value of header "x-note".*control character/],
    ['a value outside Latin-1', { 'x-note': 'done ✓' }, /value of header "x-note".*Latin-1/],
    ['a name with a space', { 'bad name': 'x' }, /header name "bad name" cannot be sent/],
    ['a name with a colon', { 'x-a:b': 'x' }, /header name "x-a:b" cannot be sent/],
    ['a name with CR/LF', { 'x-a\r\nx-b': 'x' }, /header name "x-a\\r\\nx-b" cannot be sent/],
    ['an empty name', { '': 'x' }, /header name "" cannot be sent/],
    ['an accented name', { 'x-café': 'x' }, /header name "x-café" cannot be sent/],
  ])('answers 400 naming the header for %s', async (_what, headers, message) => {
    const r = await rawProxy(s.port, id, JSON.stringify({ method: 'GET', path: '/', headers }));
    expect(r.status).toBe(400);
    expect(String(r.body['error'])).toMatch(message);
  });

  it('answers 400 for a path Node cannot put on the wire, suggesting percent-encoding', async () => {
    const r = await rawProxy(s.port, id, JSON.stringify({ method: 'GET', path: '/ĉu' }));
    expect(r.status).toBe(400);
    expect(String(r.body['error'])).toMatch(/path "\/ĉu" cannot be sent.*percent-encode/);
  });

  it('still forwards good headers (Latin-1 values included) and stays up after refusing bad ones', async () => {
    await rawProxy(s.port, id, JSON.stringify({ method: 'GET', path: '/', headers: { 'x-a\r\nb': 'x' } }));
    const r = await post(s.port, `/api/apps/${id}/request`, { method: 'GET', path: '/', headers: { 'x-test': 'tab\there, café' } });
    expect(r.status).toBe(200);
    expect(JSON.parse(r.json().body as string)).toMatchObject({ header: 'tab\there, café' });
  });
});
