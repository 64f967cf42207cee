// Ctrl-C during `npm run conformance`: the runner exits and leaves no Prism behind.
import { execFileSync, spawn } from 'node:child_process';
import { test } from 'vitest';
import { REPO_ROOT } from '../../conformance/suite/spec.js';

/** Pids of Prism processes whose parent is `parent`. */
function prismChildren(parent: number): number[] {
  const table = execFileSync('ps', ['-eo', 'pid=,ppid=,args='], { encoding: 'utf8' });
  return table
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .filter(([, ppid, ...args]) => Number(ppid) === parent && args.join(' ').includes('prism-cli'))
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
  const runner = spawn(process.execPath, ['--import', 'tsx', 'conformance/run.ts'], {
    cwd: REPO_ROOT,
    stdio: 'ignore',
  });
  const exited = new Promise<number | null>((r) => runner.once('exit', (code) => r(code)));
  const pids = await waitFor(() => {
    const found = prismChildren(runner.pid!);
    return found.length === 3 ? found : undefined;
  }, 30_000);
  runner.kill('SIGINT');
  await exited;
  await waitFor(() => (pids.every((pid) => !running(pid)) ? true : undefined), 10_000);
}, 60_000);
