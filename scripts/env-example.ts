/** Writes `.env.example` from the one variable list (src/config/variables.ts). */
import { writeFileSync } from 'node:fs';
import { renderEnvExample } from '../src/config/env-example.ts';

writeFileSync('.env.example', renderEnvExample());
console.log('Wrote .env.example');
