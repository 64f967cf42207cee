// Ctrl-C during `npm run conformance`: the runner exits and leaves no Prism behind.
import { execFileSync, spawn } from 'node:child_process';
import { test } from 'vitest';
import { REPO_ROOT } from '../../conformance/suite/spec.js';

/** Pids of Prism processes (`prism` CLIs, mock hosts) whose parent is `parent`. */
function prismChildren(parent: number): number[] {
  const table = execFileSync('ps', ['-eo', 'pid=,ppid=,args='], { encoding: 'utf8' });
  return table
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .filter(([, ppid, ...args]) => Number(ppid) === parent && /prism-cli|prism-mock-host/.test(args.join(' ')))
    .map(([pid]) => Number(pid));
}

const running = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return !execFileSync('ps', ['-o', 'stat=', '-p', String(pid)], { encoding: 'utf8' }).startsWith('Z');
  } catch {
    return false;
  }
};

async function waitFor<T>(probe: () => T | undefined, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

test('SIGINT during a run stops every Prism it started', async () => {
  // As `npm run conformance` starts it.
  const runner = spawn(process.execPath, ['scripts/launch.mjs', 'conformance'], {
    cwd: REPO_ROOT,
    stdio: 'ignore',
  });
  const exited = new Promise<number | null>((r) => runner.once('exit', (code) => r(code)));
  const pids = await waitFor(() => {
    // Every vendor's mock is served by one Prism process.
    const found = prismChildren(runner.pid!);
    return found.length === 1 ? found : undefined;
  }, 30_000);
  runner.kill('SIGINT');
  await exited;
  await waitFor(() => (pids.every((pid) => !running(pid)) ? true : undefined), 10_000);
}, 60_000);
