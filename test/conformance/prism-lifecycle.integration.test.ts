import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import {
  PrismStartError,
  runningPrismPids,
  startPrism,
  startPrismMocks,
  startPrisms,
} from '../../conformance/harness/prism.js';

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

  test('one mock host serves several documents, each failing alone, and is gone after the last stop()', async () => {
    const [good, bad, again] = startPrismMocks([
      { name: 'good', spec: fixture('mini.yaml') },
      { name: 'brokenvendor', spec: fixture('broken.yaml') },
      { name: 'again', spec: fixture('mini.yaml') },
    ]);
    const err = await bad!.catch((e) => e);
    expect(err).toBeInstanceOf(PrismStartError);
    expect(err.message).toMatch(/^Prism for brokenvendor could not load its document\. Prism said:\n/);
    expect(err.message).toContain('unexpected end of the stream');
    expect(err.reason).toBe('exited');
    const servers = await Promise.all([good!, again!]);
    expect(servers[0]!.pid).toBe(servers[1]!.pid);
    expect(servers[0]!.url).not.toBe(servers[1]!.url);
    for (const s of servers) {
      const res = await fetch(`${s.url}/ping`);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ pong: true });
      // Prism's own answer to a route the document lacks, as `prism mock` gives it.
      expect((await fetch(`${s.url}/nope`)).status).toBe(404);
    }
    await servers[0]!.stop();
    expect(alive(servers[0]!.pid)).toBe(true);
    expect((await fetch(`${servers[1]!.url}/ping`)).status).toBe(200);
    await servers[1]!.stop();
    expect(alive(servers[0]!.pid)).toBe(false);
    expect(runningPrismPids()).toEqual([]);
  });

  test('a mock that is not ready in time is a timeout, and the host still ends', async () => {
    const [late] = startPrismMocks([{ name: 'late', spec: fixture('mini.yaml'), startTimeoutMs: 1 }]);
    const err = await late!.catch((e) => e);
    expect(err).toBeInstanceOf(PrismStartError);
    expect(err.message).toMatch(/^Prism for late did not become ready within 1 ms/);
    expect(err.reason).toBe('timeout');
    await waitUntil(() => runningPrismPids().length === 0);
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

  /** Starts hold-prisms.ts, returns its Prism pids once they are up and a way to end it. */
  async function holdPrisms(how: 'SIGINT' | 'SIGTERM' | 'SIGKILL' | 'crash', kind: 'cli' | 'host') {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', fixture('hold-prisms.ts'), fixture('mini.yaml'), how === 'crash' ? 'crash' : 'wait', kind],
      { stdio: ['pipe', 'pipe', 'pipe'] },
    );
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    await waitUntil(() => /PIDS [\d ]+\n/.test(out) || child.exitCode !== null, 30_000);
    const pids = /PIDS ([\d ]+)\n/.exec(out)![1]!.trim().split(' ').map(Number);
    const end = async () => {
      if (how === 'crash') child.stdin.write('crash\n');
      else child.kill(how);
      await exited;
    };
    return { pids, end };
  }

  for (const how of ['SIGINT', 'SIGTERM', 'crash'] as const) {
    test(`no Prism outlives its parent (${how})`, async () => {
      const { pids, end } = await holdPrisms(how, 'cli');
      expect(pids).toHaveLength(2);
      expect(pids.every(alive)).toBe(true);
      await end();
      await waitUntil(() => pids.every((pid) => !alive(pid)));
    });
  }

  // SIGKILL runs no exit hook: the host ends on its own when its stdin (the parent's pipe) closes.
  for (const how of ['SIGTERM', 'SIGKILL', 'crash'] as const) {
    test(`the mock host outlives no parent (${how})`, async () => {
      const { pids, end } = await holdPrisms(how, 'host');
      expect(pids).toHaveLength(2);
      expect(new Set(pids).size).toBe(1);
      expect(alive(pids[0]!)).toBe(true);
      await end();
      await waitUntil(() => !alive(pids[0]!));
    });
  }
});
