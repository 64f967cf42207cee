// Runs `tsx <args>` (or `node <args>`) from the repo root and times it (wall clock, including process
// start-up).
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const TSX = path.join(REPO_ROOT, 'node_modules', '.bin', 'tsx');

export interface Timed {
  code: number | null;
  stdout: string;
  stderr: string;
  wallMs: number;
}

export function timeTsx(args: string[], env: Record<string, string> = {}, cwd = REPO_ROOT): Promise<Timed> {
  return timeCommand(TSX, args, env, cwd);
}

export function timeNode(args: string[], env: Record<string, string> = {}, cwd = REPO_ROOT): Promise<Timed> {
  return timeCommand(process.execPath, args, env, cwd);
}

function timeCommand(command: string, args: string[], env: Record<string, string>, cwd: string): Promise<Timed> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, {
      cwd,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr, wallMs: performance.now() - started }));
  });
}
