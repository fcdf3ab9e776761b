/** Request-size and concurrency limits of the runner API. */
import type { IncomingMessage } from 'node:http';

/** An error that becomes an HTTP status with a JSON `{ error }` body. */
export class HttpError extends Error {
  readonly status: number;
  readonly headers: Record<string, string>;
  constructor(status: number, message: string, headers: Record<string, string> = {}) {
    super(message);
    this.name = 'HttpError';
    this.status = status;
    this.headers = headers;
  }
}

/**
 * Reads a JSON body of at most `maxBytes`. 415 unless Content-Type is JSON,
 * 413 as soon as the declared or received size passes the cap (without reading
 * the rest), 400 when it is not valid JSON.
 */
export async function readJsonBody(req: IncomingMessage, maxBytes: number): Promise<unknown> {
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/json') {
    throw new HttpError(415, 'Send the request body as JSON (Content-Type: application/json).');
  }
  const tooLarge = () => new HttpError(413, `The request body is larger than ${maxBytes} bytes (RUNNER_MAX_BODY_BYTES).`);
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (declared > maxBytes) throw tooLarge();

  // Events rather than `for await`: leaving an async iterator early destroys the
  // socket, and the 413 could not be sent.
  const body = await new Promise<Buffer>((resolveBody, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        cleanup();
        req.pause();
        reject(tooLarge());
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      resolveBody(Buffer.concat(chunks));
    };
    const onError = (error: Error) => {
      cleanup();
      reject(error);
    };
    const onAborted = () => {
      cleanup();
      reject(new HttpError(400, 'The request was aborted.'));
    };
    const cleanup = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('aborted', onAborted);
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('aborted', onAborted);
  });
  try {
    return JSON.parse(body.toString('utf8')) as unknown;
  } catch {
    throw new HttpError(400, 'The request body is not valid JSON.');
  }
}

/** A counter of free places; `tryAcquire` returns a release function, or null when full. */
export class Slots {
  readonly max: number;
  #used = 0;
  constructor(max: number) {
    this.max = max;
  }
  get used(): number {
    return this.#used;
  }
  tryAcquire(): (() => void) | null {
    if (this.#used >= this.max) return null;
    this.#used += 1;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#used -= 1;
    };
  }
}
