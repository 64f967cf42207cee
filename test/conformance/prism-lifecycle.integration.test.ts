import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { PrismStartError, runningPrismPids, startPrism, startPrisms } from '../../conformance/harness/prism.js';

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

/** Alive means running: a zombie (already dead, not yet reaped) counts as gone. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/\) Z /.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

async function waitUntil(predicate: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('Prism lifecycle', () => {
  test('starts on a free loopback port, answers, and is gone after stop()', async () => {
    const prism = await startPrism({ name: 'mini', spec: fixture('mini.yaml') });
    try {
      expect(prism.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const res = await fetch(`${prism.url}/ping`);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ pong: true });
    } finally {
      await prism.stop();
    }
    expect(alive(prism.pid)).toBe(false);
  });

  test('a spec Prism cannot load is an error naming the vendor and quoting Prism', async () => {
    const err = await startPrism({ name: 'brokenvendor', spec: fixture('broken.yaml') }).catch((e) => e);
    expect(err).toBeInstanceOf(PrismStartError);
    expect(err.message).toMatch(/^Prism for brokenvendor exited before it was ready/);
    expect(err.message).toContain('Prism said:');
    // It exited: more time cannot help, and the server list says so by not offering it.
    expect(err.reason).toBe('exited');
  });

  test('when one of several fails to start, the others are stopped', async () => {
    const err = await startPrisms([
      { name: 'good', spec: fixture('mini.yaml') },
      { name: 'bad', spec: fixture('broken.yaml') },
    ]).catch((e) => e);
    expect(err).toBeInstanceOf(PrismStartError);
    expect(err.message).toContain('Prism for bad');
    expect(err.message).not.toContain('Prism for good');
    expect(runningPrismPids()).toEqual([]);
  });

  for (const how of ['SIGINT', 'SIGTERM', 'crash'] as const) {
    test(`no Prism outlives its parent (${how})`, async () => {
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', fixture('hold-prisms.ts'), fixture('mini.yaml'), how === 'crash' ? 'crash' : 'wait'],
        { stdio: ['pipe', 'pipe', 'pipe'] },
      );
      const exited = new Promise<void>((r) => child.once('exit', () => r()));
      let out = '';
      child.stdout.on('data', (d) => (out += d));
      await waitUntil(() => /PIDS [\d ]+\n/.test(out) || child.exitCode !== null, 30_000);
      const pids = /PIDS ([\d ]+)\n/.exec(out)![1]!.trim().split(' ').map(Number);
      expect(pids).toHaveLength(2);
      expect(pids.every(alive)).toBe(true);
      if (how === 'crash') child.stdin.write('crash\n');
      else child.kill(how);
      await exited;
      await waitUntil(() => pids.every((pid) => !alive(pid)));
    });
  }
});
