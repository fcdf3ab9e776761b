// Small HTTP helpers for app.js. Nothing here keeps any state.
import { randomBytes } from 'node:crypto';

/** Reads a JSON request body (at most 10 kB); undefined when it is not JSON. @param {import('node:http').IncomingMessage} req */
export async function readJson(req) {
  let body = '';
  req.setEncoding('utf8');
  for await (const chunk of req) {
    body += chunk;
    if (body.length > 10_000) return undefined;
  }
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}

/** @param {import('node:http').ServerResponse} res @param {number} status @param {unknown} value @param {Record<string, string>} [headers] */
export function sendJson(res, status, value, headers = {}) {
  res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(value));
}

/** The request's cookies as { name: value }. @param {import('node:http').IncomingMessage} req */
export function cookies(req) {
  /** @type {Record<string, string>} */
  const jar = {};
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at > 0) jar[part.slice(0, at).trim()] = decodeURIComponent(part.slice(at + 1).trim());
  }
  return jar;
}

/** A Set-Cookie value for the session id (pass maxAgeSeconds 0 to delete it). @param {string} id @param {number} maxAgeSeconds */
export function sessionCookie(id, maxAgeSeconds) {
  return `sid=${encodeURIComponent(id)}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${maxAgeSeconds}`;
}

/** A random session id: 128 bits, unguessable. */
export function newSessionId() {
  return randomBytes(16).toString('base64url');
}

/** A random short code such as "k3x9qa". */
export function randomCode() {
  return randomBytes(4).readUInt32BE().toString(36).padStart(6, '0').slice(-6);
}

/** A code the learner chose is kept if it looks like one. @param {unknown} code */
export function validCode(code) {
  return typeof code === 'string' && /^[a-z0-9-]{1,32}$/.test(code);
}

/** @param {unknown} url */
export function validUrl(url) {
  try {
    return typeof url === 'string' && /^https?:$/.test(new URL(url).protocol);
  } catch {
    return false;
  }
}
