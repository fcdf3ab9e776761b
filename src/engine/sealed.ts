/**
 * A sealed exercise: its reference solution and right-* variants were removed
 * from a workshop fork whose course gives no solutions (SOLUTION_POLICY=never),
 * by `npm run workshop -- seal`, after `npm run verify` passed. `sealed.json`
 * records when and from which commit, and how many right variants were
 * verified, so `verify` stays meaningful on the attendees' fork: the starter
 * and the wrong variants are still checked; the rest was checked before sealing.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

export const SEALED_FILE = 'sealed.json';

export interface Sealed {
  sealedAt: string;
  /** The commit the solutions were verified on, or null outside git. */
  commit: string | null;
  /** How many right-* variants passed before they were removed. */
  rightVariants: number;
}

/** The exercise's seal, or null when it is not sealed (or the file is not a seal). */
export function readSealed(exerciseDir: string): Sealed | null {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(path.join(exerciseDir, SEALED_FILE), 'utf8'));
  } catch {
    return null;
  }
  const v = value as Partial<Sealed> | null;
  if (!v || typeof v.sealedAt !== 'string' || !Number.isInteger(v.rightVariants) || (v.commit !== null && typeof v.commit !== 'string')) return null;
  return { sealedAt: v.sealedAt, commit: v.commit ?? null, rightVariants: v.rightVariants as number };
}
