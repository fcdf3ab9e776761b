/**
 * The authenticated result channel on Node (the CLI, the course server): a key
 * for run.mjs and the reader that accepts only results signed with it
 * (src/runtime/verdict-reader.ts; the format is exercises/_harness/channel-format.mjs).
 */
import { KEY_FLAG, createVerifier, newKey } from '../../exercises/_harness/channel.mjs';
import { createVerdictReader as readerWith, type VerdictReader } from '../runtime/verdict-reader.ts';

export { KEY_FLAG, newKey, type VerdictReader };

export function createVerdictReader(key: string): VerdictReader {
  const verify = createVerifier(key);
  return readerWith(async (line) => verify(line));
}
