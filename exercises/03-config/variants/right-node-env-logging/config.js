// Shortlinks' settings, checked once when this module is first imported.
import { settingsFrom } from './env.mjs';

let settings;
try {
  settings = settingsFrom(process.env);
} catch (err) {
  console.error(`Cannot start Shortlinks: ${err.message}`);
  process.exit(2);
}

export const config = settings;
