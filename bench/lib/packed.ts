// The package as users get it, for the benches that compare the façade with raw openapi-fetch: built,
// packed with `npm pack` and unpacked under .tmp/bench-packed/node_modules/agent-lifecycle, where
// Node resolves its dependencies (openapi-fetch) from the repo's node_modules, the same copy the
// bench's raw client uses. --tiny benches import src/ instead (no build).
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPO_ROOT } from './subprocess.js';

let installed: string | undefined;

/** Builds and packs once per bench run; returns the unpacked package's folder. */
export function packedPackage(): string {
  if (installed) return installed;
  const scratch = path.join(REPO_ROOT, '.tmp', 'bench-packed');
  rmSync(scratch, { recursive: true, force: true });
  const folder = path.join(scratch, 'node_modules', 'agent-lifecycle');
  mkdirSync(folder, { recursive: true });
  execFileSync('npm', ['run', 'build'], { cwd: REPO_ROOT, stdio: 'ignore' });
  const packed = JSON.parse(
    execFileSync('npm', ['pack', '--json', '--pack-destination', scratch], { cwd: REPO_ROOT, encoding: 'utf8' }),
  ) as [{ filename: string }];
  const { filename } = packed[0];
  execFileSync('tar', ['-xzf', path.join(scratch, filename), '-C', folder, '--strip-components=1']);
  installed = folder;
  return folder;
}

/** The root entry (`agent-lifecycle`): from the packed package, or from src/ for a tiny run. */
export async function libraryEntry({ tiny }: { tiny: boolean }): Promise<typeof import('../../src/index.js')> {
  if (tiny) return import('../../src/index.js');
  return import(pathToFileURL(path.join(packedPackage(), 'dist', 'index.js')).href);
}
