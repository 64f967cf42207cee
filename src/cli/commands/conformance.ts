import { spawn } from 'node:child_process';
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { CliFailure } from '../exit-codes.js';

/** The running script (src/cli/main.ts or dist/cli.js), through the bin symlink. No import.meta: tsup also emits CJS. */
function scriptDir(): string {
  const script = process.argv[1];
  if (!script) return process.cwd();
  try {
    return dirname(realpathSync(script));
  } catch {
    return dirname(script);
  }
}

/** The package root: the nearest package.json named agent-lifecycle above the running script. */
export function packageRoot(from: string = scriptDir()): string | undefined {
  for (let dir = from; ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      try {
        if ((JSON.parse(readFileSync(manifest, 'utf8')) as { name?: unknown }).name === 'agent-lifecycle') return dir;
      } catch {
        // Unreadable manifest: keep looking upwards.
      }
    }
    if (dirname(dir) === dir) return undefined;
  }
}

function hasTsx(root: string): boolean {
  try {
    createRequire(join(root, 'package.json')).resolve('tsx');
    return true;
  } catch {
    return false;
  }
}

/** A checkout with dev dependencies: the conformance suite and tsx are there (the published package has neither). */
export function inCheckout(root: string | undefined = packageRoot()): root is string {
  return root !== undefined && existsSync(join(root, 'conformance', 'run.ts')) && hasTsx(root);
}

/** `npm run conformance -- <args>`, exactly: same script, same flags, same exit code. */
export async function runConformance(args: readonly string[]): Promise<number> {
  const root = packageRoot();
  if (!inCheckout(root)) {
    throw new CliFailure(
      'conformance needs a checkout of the agent-lifecycle repository with dev dependencies installed (git clone, then npm ci); the published package does not ship the suite',
    );
  }
  // What package.json's script runs: conformance/run.ts built by esbuild (a dev dependency, as tsx).
  const child = spawn(process.execPath, [join('scripts', 'launch.mjs'), 'conformance', ...args], {
    cwd: root,
    stdio: 'inherit',
  });
  // Ctrl-C reaches the child through the terminal's process group; we only wait for it to finish.
  const ignore = () => undefined;
  process.on('SIGINT', ignore);
  try {
    return await new Promise<number>((resolve, reject) => {
      child.once('error', (error) => reject(new CliFailure(`conformance: could not start node (${error.message})`)));
      child.once('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
    });
  } finally {
    process.off('SIGINT', ignore);
  }
}
