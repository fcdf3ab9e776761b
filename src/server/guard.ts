/**
 * Checks every runner API request must pass: it comes to a Host name that is
 * ours (DNS rebinding), from our own origin (Origin, Sec-Fetch-Site), and —
 * for anything that runs code — carries the per-process token that only a
 * same-origin page can read from GET /api/runtime.
 */
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { HostRule } from './config.ts';

export interface HostPolicy {
  hostnames: ReadonlySet<string>;
  extraHosts: readonly HostRule[];
}

/** Splits a Host header into a lower-case host name (IPv6 in brackets) and a port (80 when absent). */
export function parseHostHeader(value: string | undefined): { hostname: string; port: number } | null {
  if (!value || /[\s/?#@\\]/.test(value)) return null;
  try {
    const url = new URL(`http://${value}`);
    return { hostname: url.hostname, port: url.port === '' ? 80 : Number(url.port) };
  } catch {
    return null;
  }
}

export function hostAllowed(policy: HostPolicy, hostHeader: string | undefined, localPort: number | undefined): boolean {
  const host = parseHostHeader(hostHeader);
  if (!host) return false;
  if (policy.hostnames.has(host.hostname) && host.port === localPort) return true;
  return policy.extraHosts.some((rule) => rule.hostname === host.hostname && (rule.port === null || rule.port === host.port));
}

/** Whether an Origin header names this server as reached through `hostHeader` (http or https, behind a proxy). */
function sameOrigin(origin: string, hostHeader: string | undefined): boolean {
  try {
    const url = new URL(origin);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.host === hostHeader?.toLowerCase() && url.origin === origin.toLowerCase();
  } catch {
    return false; // "null" and other opaque origins
  }
}

/** Returns why the request is refused, or null when it may proceed. */
export function checkOrigin(policy: HostPolicy, req: IncomingMessage): string | null {
  const hostHeader = req.headers.host;
  if (!hostAllowed(policy, hostHeader, req.socket.localPort)) {
    return `Host ${JSON.stringify(hostHeader ?? '')} is not this course server; open the course at the address the server printed.`;
  }
  const origin = req.headers.origin;
  if (origin !== undefined && !sameOrigin(origin, hostHeader)) {
    return `Cross-origin requests are refused (Origin ${JSON.stringify(origin)}).`;
  }
  const site = req.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none') {
    return `Cross-origin requests are refused (Sec-Fetch-Site ${JSON.stringify(site)}).`;
  }
  return null;
}

export const TOKEN_HEADER = 'x-course-token';

export function tokenValid(req: IncomingMessage, token: string): boolean {
  const sent = req.headers[TOKEN_HEADER];
  if (typeof sent !== 'string') return false;
  const a = Buffer.from(sent);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}
