// Shared test helpers: temp workspaces (never the real specs/ or generated/), subprocesses of
// the real CLIs, and waiting on their output instead of sleeping.
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { onTestFinished } from 'vitest';

export const repoRoot = path.resolve(import.meta.dirname, '..', '..');
export const fixtures = path.join(import.meta.dirname, '..', 'pipeline', 'fixtures');
export const smallestPages = path.join(repoRoot, 'specs', 'smallest', 'pages');

export interface Workspace {
  root: string;
  specs: string;
  out: string;
}

/** A temp dir with specs/ and generated/ (the latter not created), removed after the test. */
export async function workspace(): Promise<Workspace> {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'al-pipeline-'));
  onTestFinished(() => fs.rm(root, { recursive: true, force: true }));
  const specs = path.join(root, 'specs');
  await fs.mkdir(specs);
  return { root, specs, out: path.join(root, 'generated') };
}

/** specs/<vendor>/pages = the real Smallest pages, plus the small fixture overlay. */
export async function pagesVendor(ws: Workspace, vendor = 'smallest', withOverlay = true): Promise<string> {
  const dir = path.join(ws.specs, vendor);
  await fs.cp(smallestPages, path.join(dir, 'pages'), { recursive: true });
  if (withOverlay) await fs.copyFile(path.join(fixtures, 'overlay.yaml'), path.join(dir, 'overlay.yaml'));
  return dir;
}

export async function specVendor(ws: Workspace, vendor: string, fixture: string): Promise<string> {
  const dir = path.join(ws.specs, vendor);
  await fs.mkdir(dir, { recursive: true });
  await fs.copyFile(path.join(fixtures, fixture), path.join(dir, 'openapi.yaml'));
  // The fixture specs $ref schemas/*.yaml; bundling must inline them.
  await fs.cp(path.join(fixtures, 'schemas'), path.join(dir, 'schemas'), { recursive: true });
  return dir;
}

/** Every file under dir with its bytes and mtime, to prove nothing was touched. */
export async function snapshotDir(dir: string): Promise<Record<string, { bytes: string; mtimeMs: number }>> {
  const out: Record<string, { bytes: string; mtimeMs: number }> = {};
  const walk = async (d: string): Promise<void> => {
    for (const e of await fs.readdir(d, { withFileTypes: true }).catch(() => [])) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) await walk(p);
      else out[path.relative(dir, p)] = { bytes: await fs.readFile(p, 'utf8'), mtimeMs: (await fs.stat(p)).mtimeMs };
    }
  };
  await walk(dir);
  return out;
}

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs scripts/<script> in a subprocess as its npm script does (`node scripts/launch.mjs <name>`).
 * `root`: whose scripts/ to run (a copy of the repo runs its own, against its own specs/ and src/).
 */
export function runScript(script: string, args: string[], cwd = repoRoot, root = repoRoot): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawnScript(script, args, cwd, root);
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d) => (stdout += d));
    child.stderr!.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

export function spawnScript(script: string, args: string[], cwd = repoRoot, root = repoRoot): ChildProcess {
  const name = script.replace(/\.ts$/, '');
  return spawn(process.execPath, [path.join(root, 'scripts', 'launch.mjs'), name, ...args], {
    cwd,
    env: { ...process.env, FORCE_COLOR: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Collects a process' output lines and lets a test wait for one matching a pattern. */
export class LineWaiter {
  readonly lines: string[] = [];
  private waiters: Array<{ re: RegExp; from: number; resolve: (l: string) => void }> = [];
  private buf = '';
  private cursor = 0;

  constructor(child: ChildProcess) {
    const onData = (d: Buffer): void => {
      this.buf += d.toString();
      const parts = this.buf.split('\n');
      this.buf = parts.pop()!;
      for (const l of parts) this.push(l);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
  }

  private push(line: string): void {
    this.lines.push(line);
    this.waiters = this.waiters.filter((w) => {
      if (this.lines.length - 1 >= w.from && w.re.test(line)) {
        w.resolve(line);
        return false;
      }
      return true;
    });
  }

  /** Resolves with the first line matching `re` that arrives after the previous wait's match. */
  wait(re: RegExp, timeoutMs = 15_000): Promise<string> {
    const from = this.cursor;
    const seen = this.lines.findIndex((l, i) => i >= from && re.test(l));
    if (seen >= 0) {
      this.cursor = seen + 1;
      return Promise.resolve(this.lines[seen]!);
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`timed out waiting for ${re}; output so far:\n${this.lines.join('\n')}`)),
        timeoutMs,
      );
      this.waiters.push({
        re,
        from,
        resolve: (l) => {
          clearTimeout(timer);
          this.cursor = this.lines.length;
          resolve(l);
        },
      });
    });
  }
}
