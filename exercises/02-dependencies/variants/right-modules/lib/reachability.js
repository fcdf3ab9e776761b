// Is there a web server at this address? Node's own http/https clients answer that.
import http from 'node:http';
import https from 'node:https';

/**
 * Resolves true when anything answers HTTP at url within timeoutMs (any status),
 * false when the connection fails or times out. Never rejects.
 * @param {string} url
 */
export function answers(url, timeoutMs = 3000) {
  const client = new URL(url).protocol === 'https:' ? https : http;
  return new Promise((resolve) => {
    const req = client.request(url, { method: 'HEAD', timeout: timeoutMs }, (res) => {
      res.resume();
      resolve(true);
    });
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', () => resolve(false));
    req.end();
  });
}
