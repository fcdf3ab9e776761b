/**
 * The result channel's key and signature check in the page (WebCrypto), for
 * the in-browser runtime: the same HMAC-SHA256 as exercises/_harness/channel.mjs.
 */
import { macInput, parseSignedLine } from '../../exercises/_harness/channel-format.mjs';
import type { LineVerifier } from './verdict-reader.ts';

const hex = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

/** A fresh key, as the hex text run.mjs reads. */
export function newBrowserKey(): string {
  return hex(crypto.getRandomValues(new Uint8Array(32)));
}

export function webVerifier(keyHex: string): LineVerifier {
  const keyBytes = new Uint8Array((keyHex.match(/../g) ?? []).map((b) => parseInt(b, 16)));
  const key = crypto.subtle.importKey('raw', keyBytes, { name: 'HMAC', hash: 'SHA-256' }, false, ['verify']);
  const seen = new Set<number>();
  return async (line) => {
    const signed = parseSignedLine(line);
    if (!signed || seen.has(signed.sequence)) return null;
    const mac = new Uint8Array((signed.mac.match(/../g) ?? []).map((b) => parseInt(b, 16)));
    const ok = await crypto.subtle.verify('HMAC', await key, mac, new TextEncoder().encode(macInput(signed.sequence, signed.payload)));
    if (!ok) return null;
    seen.add(signed.sequence);
    return signed.payload;
  };
}
