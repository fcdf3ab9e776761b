// The wire format of the authenticated result channel (see channel.mjs), with
// no imports, so the page's in-browser runtime can read it too: a signed line is
//   <sequence> <hex HMAC-SHA256 of "<sequence>\n<payload>"> <payload>

/** Set (to "1") by a parent that writes a key on the child's stdin. Not a secret: only a flag. */
export const KEY_FLAG = 'TFC_KEY_ON_STDIN';
/** Where a parent that cannot use stdin (the in-browser runtime) left the key; the child reads it, then deletes it. */
export const KEY_FILE_VAR = 'TFC_KEY_FILE';
/** Start of the one line run.mjs prints with its signed results document. */
export const RESULTS_PREFIX = '\u001eTFC-RESULTS ';

/**
 * The parts of a signed line, or null when it is not one.
 * @param {string} line  what followed the line's prefix, without the newline
 * @returns {{ sequence: number, mac: string, payload: string } | null}
 */
export function parseSignedLine(line) {
  const match = /^(\d{1,9}) ([0-9a-f]{64}) ([^\n]*)$/.exec(line);
  if (!match) return null;
  return { sequence: Number(match[1]), mac: /** @type {string} */ (match[2]), payload: /** @type {string} */ (match[3]) };
}

/** What the MAC covers. @param {number} sequence @param {string} payload */
export const macInput = (sequence, payload) => `${sequence}\n${payload}`;
