import { randomBytes } from 'node:crypto';

/** Six URL-safe random characters, e.g. "q3Z_x0". */
export const randomCode = () => randomBytes(6).toString('base64url').slice(0, 6);
