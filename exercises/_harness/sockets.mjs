// Which TCP ports a process tree is listening on, seen from outside (Linux:
// /proc). The listen observer inside the learner's process sees listen() calls
// and errors, but learner code runs in that process too and could silence it
// (patch what it uses, rewrite its log, open a socket without net.Server);
// the kernel's socket tables cannot be talked out of what they hold.
// Elsewhere (macOS, Windows, WebContainer) it sees nothing and says so.
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { descendantsOf } from './sweep.mjs';

/** Whether this platform lets us look (Linux with /proc). */
export const canWatchSockets = process.platform === 'linux' && readable('/proc/self/net/tcp');

/** @param {string} file */
function readable(file) {
  try {
    readFileSync(file);
    return true;
  } catch {
    return false;
  }
}

/** Socket inodes held open by `pid`. @param {number} pid @param {Set<string>} into */
function socketInodes(pid, into) {
  let fds;
  try {
    fds = readdirSync(`/proc/${pid}/fd`);
  } catch {
    return;
  }
  for (const fd of fds) {
    try {
      const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (m?.[1]) into.add(m[1]);
    } catch {
      // closed meanwhile
    }
  }
}

/** Hex address of /proc/net/tcp{,6} as text (enough to tell loopback, any and others apart). @param {string} hex */
function addressText(hex) {
  if (hex.length === 8) return (hex.match(/../g) ?? []).reverse().map((b) => parseInt(b, 16)).join('.');
  if (/^0+$/.test(hex)) return '::';
  if (hex === '00000000000000000000000001000000') return '::1';
  return `ipv6:${hex}`;
}

/**
 * Ports on which `pid` or any of its descendants listens right now.
 * @param {number | undefined} pid
 * @returns {{ port: number, address: string }[]}
 */
export function listeningSockets(pid) {
  if (!canWatchSockets || !pid) return [];
  const inodes = new Set();
  for (const p of [pid, ...descendantsOf(pid)]) socketInodes(p, inodes);
  if (!inodes.size) return [];
  /** @type {{ port: number, address: string }[]} */
  const found = [];
  for (const table of ['tcp', 'tcp6']) {
    let text;
    try {
      text = readFileSync(`/proc/${pid}/net/${table}`, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      // sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode
      if (fields.length < 10 || fields[3] !== '0A' || !inodes.has(fields[9])) continue;
      const [address = '', port = ''] = (fields[1] ?? '').split(':');
      found.push({ port: parseInt(port, 16), address: addressText(address) });
    }
  }
  return found;
}
