import { variables, type Variable } from './variables.ts';

function valueText(variable: Variable): string {
  if (!('default' in variable) || variable.default === undefined) return '';
  return String(variable.default);
}

function typeText(variable: Variable): string {
  switch (variable.type) {
    case 'enum':
      return `one of: ${variable.values.join(' | ')}`;
    case 'number':
      return `whole number, ${variable.min}–${variable.max}`;
    case 'boolean':
      return 'true or false';
    case 'string':
      return variable.url ? 'absolute URL' : variable.pattern ? variable.pattern.explain : 'text';
  }
}

/**
 * Renders `.env.example` from the variable list, so the documented variables
 * can never drift from the ones the code reads (a unit test compares them).
 */
export function renderEnvExample(): string {
  const lines = [
    '# Configuration of the Twelve-Factor course. Every setting comes from the environment;',
    '# copy this file to .env for local use, or set the variables in your host or CI.',
    '# Generated from src/config/variables.ts by `node scripts/env-example.ts`; edit that file, not this one.',
  ];
  for (const stage of ['build', 'server'] as const) {
    lines.push('', stage === 'build' ? '# ── Site (read by `npm run build`; rebuild after changing) ──' : '# ── Course server (read by `npm start`) ──');
    for (const [name, variable] of Object.entries(variables) as [string, Variable][]) {
      if (variable.stage !== stage) continue;
      const state = 'default' in variable ? `default: ${valueText(variable)}` : variable.optional ? 'optional' : 'required';
      lines.push('', `# ${variable.description}`, `# ${typeText(variable)}; ${state}`);
      const value = valueText(variable);
      lines.push(value === '' ? `# ${name}=` : `${name}=${value}`);
    }
  }
  return lines.join('\n') + '\n';
}
