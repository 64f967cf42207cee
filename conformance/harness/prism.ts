// Starts and stops Stoplight Prism (mock or validating proxy) as a child process on 127.0.0.1.
// Readiness is Prism's own "listening on" line, never a fixed sleep; every child is tracked so
// that a crash, a failed test run or Ctrl-C never leaves a Prism behind.
import { type ChildProcess, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const PRISM_BIN = require.resolve('@stoplight/prism-cli/dist/index.js');
const READY = /Prism is listening on (http:\/\/[^\s]+)/;
// Prism logs with ANSI colours when it thinks it has a terminal; strip them before matching.
const ANSI = /\x1b\[[0-9;]*m/g;

export interface PrismOptions {
  /** Name used in error messages (the vendor). */
  name: string;
  /** Path of the OpenAPI document Prism serves or validates against. */
  spec: string;
  /** Present: run `prism proxy` in front of this upstream; absent: `prism mock`. */
  upstream?: string;
  /** How long to wait for readiness before giving up. */
  startTimeoutMs?: number;
}

export interface PrismServer {
  name: string;
  url: string;
  pid: number;
  stop(): Promise<void>;
}

export class PrismStartError extends Error {
  override name = 'PrismStartError';
  /** `timeout`: Prism was still working when the time ran out; `exited`/`spawn`: more time cannot help. */
  constructor(
    message: string,
    readonly reason: 'timeout' | 'exited' | 'spawn' = 'exited',
  ) {
    super(message);
  }
}

const running = new Set<ChildProcess>();
let exitHooksInstalled = false;

function killAllNow(): void {
  for (const child of running) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
  running.clear();
}

// On a signal we stop our children first, then let the default behaviour (exit) happen.
function installExitHooks(): void {
  if (exitHooksInstalled) return;
  exitHooksInstalled = true;
  process.on('exit', killAllNow);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      killAllNow();
      // Re-raise only when nobody else (vitest, a CLI) handles the signal, so it still exits.
      if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
    });
  }
}

export function runningPrismPids(): number[] {
  return [...running].map((c) => c.pid).filter((pid): pid is number => typeof pid === 'number');
}

interface Child {
  child: ChildProcess;
  /** SIGTERM, SIGKILL after 3 s; resolves once it has exited. */
  stop(): Promise<void>;
}

function spawnTracked(args: string[], stdin: 'ignore' | 'pipe' = 'ignore'): Child {
  installExitHooks();
  const child = spawn(process.execPath, args, {
    stdio: [stdin, 'pipe', 'pipe'],
    env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' },
  });
  running.add(child);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.once('exit', () => running.delete(child));
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
    await exited;
    clearTimeout(timer);
  };
  return { child, stop };
}

/** Prism prints its parser errors as an inspected object; its `message:` line is the point. */
function whatPrismSaid(output: string): string {
  const plain = output.replace(ANSI, '').trim();
  return /^\s*message: '(.*)',?$/m.exec(plain)?.[1] ?? plain.split('\n').slice(-8).join('\n');
}

export function startPrism(options: PrismOptions): Promise<PrismServer> {
  const args = options.upstream
    ? ['proxy', options.spec, options.upstream, '-h', '127.0.0.1', '-p', '0']
    : ['mock', options.spec, '-h', '127.0.0.1', '-p', '0'];
  // One process: with NODE_ENV=production Prism would fork a cluster worker that a kill of the
  // parent could leave behind.
  args.push('--multiprocess=false');
  const { child, stop } = spawnTracked([PRISM_BIN, ...args]);

  return new Promise<PrismServer>((resolve, reject) => {
    let output = '';
    let settled = false;
    const fail = (why: string, reason: PrismStartError['reason']): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void stop();
      const prismSaid = whatPrismSaid(output);
      reject(
        new PrismStartError(
          `Prism for ${options.name} ${why}${prismSaid ? `. Prism said:\n${prismSaid}` : ''}`,
          reason,
        ),
      );
    };
    const timer = setTimeout(
      () => fail(`did not become ready within ${options.startTimeoutMs ?? 30_000} ms`, 'timeout'),
      options.startTimeoutMs ?? 30_000,
    );
    const onData = (chunk: Buffer): void => {
      output += chunk.toString('utf8');
      if (output.length > 64_000) output = output.slice(-32_000);
      const match = READY.exec(output.replace(ANSI, ''));
      if (match && !settled) {
        settled = true;
        clearTimeout(timer);
        // After readiness Prism logs every request; drain it so the pipe never fills up.
        resolve({ name: options.name, url: match[1]!, pid: child.pid!, stop });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('error', (err) => fail(`could not be spawned (${err.message})`, 'spawn'));
    child.once('exit', (code, signal) => fail(`exited before it was ready (${signal ?? `code ${code}`})`, 'exited'));
  });
}

// Up to the root and down again: the same file from conformance/harness/ and from a bundle that
// scripts/launch.mjs built into .tmp/scripts/.
const MOCK_HOST = fileURLToPath(new URL('../../conformance/harness/prism-mock-host.mjs', import.meta.url));
const HOST_LINE = /^prism-mock-host (\d+) (?:listening on (http:\/\/\S+)|failed (.*))$/;

interface Pending {
  ready(url: string): void;
  fail(why: string, prismSaid: string, reason: PrismStartError['reason']): void;
}

/**
 * Prism mocks of several documents, each as `prism mock <document>` serves it, all in ONE child
 * process (harness/prism-mock-host.mjs): each Prism process spent a second of CPU loading its
 * modules. The process starts loading Prism when this is created, before any document is ready;
 * serve() hands it documents, one promise each, each ready on its own line, each failing alone.
 * The process ends when every document served has been stopped or has failed (or stop()), and with
 * this process whatever happens.
 */
export class PrismMockHost {
  readonly #child: ChildProcess;
  readonly #stopChild: () => Promise<void>;
  readonly #pending = new Map<number, Pending>();
  #next = 0;
  #open = 0;
  #log = '';
  #exited: string | undefined;

  constructor() {
    const { child, stop } = spawnTracked([MOCK_HOST, '127.0.0.1'], 'pipe');
    this.#child = child;
    this.#stopChild = stop;
    let lines = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      lines += chunk.toString('utf8');
      for (let nl = lines.indexOf('\n'); nl >= 0; nl = lines.indexOf('\n')) {
        const match = HOST_LINE.exec(lines.slice(0, nl));
        lines = lines.slice(nl + 1);
        const entry = match ? this.#pending.get(Number(match[1])) : undefined;
        if (!entry) continue;
        if (match![2]) entry.ready(match![2]);
        else entry.fail('could not load its document', whatPrismSaid(JSON.parse(match![3]!) as string), 'exited');
      }
    });
    // Prism's own log (JSON lines): kept short, for a start that fails; drained so the pipe never fills.
    child.stderr!.on('data', (chunk: Buffer) => {
      this.#log += chunk.toString('utf8');
      if (this.#log.length > 64_000) this.#log = this.#log.slice(-32_000);
    });
    // A write to a host that has gone is the exit's to report.
    child.stdin!.on('error', () => undefined);
    child.once('error', (err) => this.#failAll(`could not be spawned (${err.message})`, 'spawn'));
    child.once('exit', (code, signal) =>
      this.#failAll(`exited before it was ready (${signal ?? `code ${code}`})`, 'exited'),
    );
  }

  #failAll(why: string, reason: PrismStartError['reason']): void {
    this.#exited ??= why;
    for (const p of [...this.#pending.values()])
      p.fail(why, reason === 'spawn' ? '' : whatPrismSaid(this.#log), reason);
  }

  /** Each document's server, as it becomes ready. */
  serve(options: Omit<PrismOptions, 'upstream'>[]): Promise<PrismServer>[] {
    return options.map((o) => {
      const index = this.#next++;
      this.#open++;
      return new Promise<PrismServer>((resolve, reject) => {
        let stopped: Promise<void> | undefined;
        const settle = (): boolean => {
          if (!this.#pending.delete(index)) return false;
          clearTimeout(timer);
          return true;
        };
        const timeoutMs = o.startTimeoutMs ?? 30_000;
        const timer = setTimeout(
          () => entry.fail(`did not become ready within ${timeoutMs} ms`, whatPrismSaid(this.#log), 'timeout'),
          timeoutMs,
        );
        const entry: Pending = {
          ready: (url) => {
            if (!settle()) return;
            resolve({ name: o.name, url, pid: this.#child.pid!, stop: () => (stopped ??= this.#release()) });
          },
          fail: (why, prismSaid, reason) => {
            if (!settle()) return;
            void this.#release();
            reject(
              new PrismStartError(
                `Prism for ${o.name} ${why}${prismSaid ? `. Prism said:\n${prismSaid}` : ''}`,
                reason,
              ),
            );
          },
        };
        this.#pending.set(index, entry);
        if (this.#exited) entry.fail(this.#exited, whatPrismSaid(this.#log), 'exited');
        else this.#child.stdin!.write(`${JSON.stringify({ index, document: o.spec })}\n`);
      });
    });
  }

  /** The last document stopped (or failed) ends the process. */
  #release(): Promise<void> {
    return --this.#open === 0 ? this.#stopChild() : Promise.resolve();
  }

  /** Ends the process now, whatever it serves. */
  stop(): Promise<void> {
    return this.#stopChild();
  }
}

/** {@link PrismMockHost}: mocks of several documents in one Prism process. */
export function startPrismMocks(options: Omit<PrismOptions, 'upstream'>[]): Promise<PrismServer>[] {
  return options.length === 0 ? [] : new PrismMockHost().serve(options);
}

/** Starts several Prisms in parallel; if any fails, the others are stopped and the error names it. */
export async function startPrisms(options: PrismOptions[]): Promise<PrismServer[]> {
  const results = await Promise.allSettled(options.map(startPrism));
  const failures = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failures.length > 0) {
    await Promise.all(results.map((r) => (r.status === 'fulfilled' ? r.value.stop() : Promise.resolve())));
    throw new PrismStartError(failures.map((f) => (f.reason as Error).message).join('\n'));
  }
  return results.map((r) => (r as PromiseFulfilledResult<PrismServer>).value);
}
