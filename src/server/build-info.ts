/**
 * The build stamp every build leaves in `dist/` (src/integrations/build-stamp.ts): what the
 * site was built from (a hash of its inputs and of the build-stage variables)
 * and the two build settings the server must agree with (base path and COEP).
 * A dotfile, so the static server never serves it. Node built-ins only:
 * `scripts/start.ts` reads it before dependencies are installed.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const BUILD_INFO_FILE = '.course-build.json';

export interface BuildInfo {
  version: 1;
  builtAt: string;
  /** sha256 over the build's input files (paths and contents). */
  inputs: string;
  /** sha256 over the build-stage variables' values. */
  env: string;
  basePath: string;
  coep: string;
}

export function readBuildInfo(distDir: string): BuildInfo | null {
  let raw: string;
  try {
    raw = readFileSync(join(distDir, BUILD_INFO_FILE), 'utf8');
  } catch {
    return null;
  }
  try {
    const data = JSON.parse(raw) as Partial<BuildInfo> | null;
    if (
      data?.version === 1 &&
      typeof data.inputs === 'string' &&
      typeof data.env === 'string' &&
      typeof data.basePath === 'string' &&
      typeof data.coep === 'string' &&
      typeof data.builtAt === 'string'
    ) {
      return data as BuildInfo;
    }
  } catch {
    // A corrupt stamp is the same as none: the site gets rebuilt.
  }
  return null;
}

export function writeBuildInfo(distDir: string, info: BuildInfo): void {
  writeFileSync(join(distDir, BUILD_INFO_FILE), JSON.stringify(info, null, 2) + '\n');
}
