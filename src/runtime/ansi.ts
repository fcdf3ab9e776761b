// CSI (ESC [ … final), OSC (ESC ] … BEL or ESC \), and two-character escapes.
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)|\u001b[@-Z\\-_]|\u009b[0-?]*[ -/]*[@-~]/g;

/**
 * Plain text from a PTY stream: removes ANSI escape sequences and turns
 * CRLF (and a carriage return that rewrites its line) into plain newlines.
 */
export function stripAnsi(text: string): string {
  return text
    .replace(ANSI, '')
    .replace(/\r\n/g, '\n')
    .split('\n')
    .map((line) => {
      // A bare CR returns to the line start: what follows overwrites what came before.
      const parts = line.split('\r');
      return parts.length > 1 ? parts.filter((p) => p !== '').pop() ?? '' : line;
    })
    .join('\n');
}
