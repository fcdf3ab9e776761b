import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { buildEnvHash, inputsHash } from '../build/inputs.ts';
import { writeBuildInfo } from '../server/build-info.ts';

/**
 * Every build leaves a stamp in dist/: what it was built from and the base
 * path and COEP the course server must serve it with. Written by the build
 * itself, so `npm run build` with other settings is never mistaken for the
 * build `npm start` would make.
 */
export function buildStamp(settings: { basePath: string; coep: string }): AstroIntegration {
  let root = process.cwd();
  return {
    name: 'twelve-factor-course:build-stamp',
    hooks: {
      'astro:config:done': ({ config }) => {
        root = fileURLToPath(config.root);
      },
      'astro:build:done': ({ dir }) => {
        writeBuildInfo(fileURLToPath(dir), {
          version: 1,
          builtAt: new Date().toISOString(),
          inputs: inputsHash(root),
          env: buildEnvHash(process.env),
          basePath: settings.basePath,
          coep: settings.coep,
        });
      },
    },
  };
}
