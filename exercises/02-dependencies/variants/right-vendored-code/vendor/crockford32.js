// crockford32 1.0.0, vendored: a copy kept inside the app, so no install and no
// system tool is needed. Encodes bytes in Crockford's base 32 (no I, L, O or U).
const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';

/** @param {Uint8Array} bytes */
export function encode(bytes) {
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(buffer >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += ALPHABET[(buffer << (5 - bits)) & 31];
  return out;
}
