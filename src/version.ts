import { readFileSync } from 'node:fs';
import { join } from 'node:path';

function findVersion(): string {
  // dist/src/version.js and src/version.ts both sit two levels below package.json at most.
  for (const up of ['..', '../..']) {
    try {
      const pkg = JSON.parse(readFileSync(join(__dirname, up, 'package.json'), 'utf8')) as {
        name?: string;
        version?: string;
      };
      if (pkg.name === 'rhm-harness' && pkg.version) return pkg.version;
    } catch {
      // not at this level
    }
  }
  return '0.0.0-unknown';
}

/** The harness version (from package.json). */
export const VERSION: string = findVersion();
