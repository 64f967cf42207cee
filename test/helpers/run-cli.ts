import { type ChildProcess, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pty from '@lydell/node-pty';
import { buildSync } from 'esbuild';
import { expect } from 'vitest';
import { defaultKeyEnvName } from '../../src/cli/api-key.js';
import { providers } from '../../src/providers/registry.js';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** Recognisable, so any leak is easy to grep for. */
export const KEY = 'sk_live_SECRET_canary_123';

/**
 * src/cli/main.ts bundled once per test file (esbuild, ~0.3 s) and run with plain node: through tsx
 * every run paid its start-up and transforms again, most of this suite's time. Dependencies stay
 * external (node_modules), the file sits under the repo so the CLI finds its package root as from
 * src/; named after its content, so a changed source is always rebuilt and runs never share a half file.
 */
function builtCli(): string {
  const out = buildSync({
    entryPoints: [path.join(ROOT, 'src/cli/main.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    write: false,
    logLevel: 'silent',
  }).outputFiles[0]!.contents;
  const dir = path.join(ROOT, '.tmp', 'test-cli');
  const file = path.join(dir, `cli-${createHash('sha256').update(out).digest('hex').slice(0, 16)}.mjs`);
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, out);
    renameSync(tmp, file);
  }
  return file;
}
const CLI = [builtCli()];

/** The parent's environment minus any real keys, plus the fake key for every vendor. */
export function cliEnv(extra: Record<string, string | undefined> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v !== undefined && !k.startsWith('AGENT_LIFECYCLE_')) env[k] = v;
  }
  for (const provider of Object.keys(providers)) env[defaultKeyEnvName(provider)] = KEY;
  env.FORCE_COLOR = '0';
  for (const [k, v] of Object.entries(extra)) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  return env;
}

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

function assertNoSecret(text: string): void {
  expect(text).not.toContain(KEY);
  expect(text).not.toContain('SECRET_canary');
}

/**
 * The CLI as a subprocess with pipes (not a terminal). Every run is checked for the key. With
 * `timeoutMs`, a run still going by then is killed and the promise rejects (with what it printed), so a
 * test that waits on a server event cannot hang past its bound or leave the child behind.
 */
export function runCli(
  args: string[],
  options: {
    input?: string;
    env?: Record<string, string | undefined>;
    timeoutMs?: number;
    /** Gets the child process, e.g. to send it signals. */
    onSpawn?: (child: ChildProcess) => void;
  } = {},
): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...CLI, ...args], {
      cwd: ROOT,
      env: cliEnv(options.env),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    options.onSpawn?.(child);
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    const timer =
      options.timeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            timedOut = true;
            child.kill('SIGKILL');
          }, options.timeoutMs);
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      if (timedOut)
        return reject(
          new Error(`CLI still running after ${options.timeoutMs} ms; stdout: ${stdout}; stderr: ${stderr}`),
        );
      assertNoSecret(stdout);
      assertNoSecret(stderr);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(options.input ?? '');
  });
}

/**
 * The CLI with its stdout a real OS pipe into `consumer` (a shell command such as `head -1`), as in
 * `agent-lifecycle archive … | head -1`: when the consumer exits, the CLI's next write gets EPIPE.
 * Returns the CLI's own exit code (bash's PIPESTATUS), what the consumer printed, and the CLI's stderr.
 */
export function runCliPiped(
  args: string[],
  consumer: string,
  options: { timeoutMs?: number } = {},
): Promise<CliRun & { consumerCode: number }> {
  return new Promise((resolve, reject) => {
    // The CLI's stderr goes to fd 3 so the exit codes (on fd 2) stay apart from it.
    const script = `"$@" 2>&3 | ${consumer}; echo "\${PIPESTATUS[0]} \${PIPESTATUS[1]}" >&2`;
    const child = spawn('bash', ['-c', script, 'bash', process.execPath, ...CLI, ...args], {
      cwd: ROOT,
      env: cliEnv(),
      stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let codes = '';
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
    child.stdout!.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr!.setEncoding('utf8').on('data', (d: string) => (codes += d));
    (child.stdio[3] as NodeJS.ReadableStream).setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.once('error', reject);
    child.once('close', () => {
      clearTimeout(timer);
      const match = /^(\d+) (\d+)\s*$/.exec(codes);
      if (!match) return reject(new Error(`no exit codes from bash: ${codes}; stderr: ${stderr}`));
      assertNoSecret(stdout);
      assertNoSecret(stderr);
      resolve({ code: Number(match[1]), consumerCode: Number(match[2]), stdout, stderr });
    });
  });
}

export function lines(text: string): string[] {
  return text.split('\n').filter((l) => l !== '');
}

/** The CLI in a real pseudo-terminal: stdin, stdout and stderr are all a TTY. */
export function runInPty(args: string[], env: Record<string, string | undefined> = {}) {
  const term = pty.spawn(process.execPath, [...CLI, ...args], { cols: 120, rows: 30, cwd: ROOT, env: cliEnv(env) });
  let output = '';
  const waiters: Array<{ pattern: RegExp; resolve(): void }> = [];
  term.onData((data) => {
    output += data;
    for (const w of [...waiters]) {
      if (w.pattern.test(output)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve();
      }
    }
  });
  const exited = new Promise<number>((resolve) => term.onExit(({ exitCode }) => resolve(exitCode)));
  return {
    get output() {
      return output;
    },
    write: (text: string) => term.write(text),
    /** Resolves once the terminal has shown `pattern` (event-driven; the test timeout bounds it). */
    waitFor(pattern: RegExp): Promise<void> {
      if (pattern.test(output)) return Promise.resolve();
      return new Promise((resolve) => waiters.push({ pattern, resolve }));
    },
    async exit(): Promise<number> {
      const code = await exited;
      assertNoSecret(output);
      return code;
    },
    kill: () => {
      try {
        term.kill();
      } catch {
        // Already gone.
      }
    },
  };
}
