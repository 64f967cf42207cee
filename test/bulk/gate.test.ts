import { describe, expect, it } from 'vitest';
import {
  type Clock,
  createRateGate,
  DEFAULT_PAUSE_MS,
  observeAttempt,
  type RateGate,
} from '../../src/bulk/rate-gate.js';
import { AbortError } from '../../src/core/errors.js';
import { MAX_RETRY_DELAY_MS } from '../../src/internal/retry-policy.js';

/** A fetch whose every answer (or failure) feeds the gate, as the transport's attempt hooks do. */
function closeGateOn429(
  inner: (request: Request) => Promise<Response>,
  gate: RateGate,
  clock?: Clock,
): (request: Request) => Promise<Response> {
  return async (request) => {
    let response: Response | undefined;
    try {
      response = await inner(request);
      return response;
    } finally {
      observeAttempt(gate, response, clock);
    }
  };
}

/** A clock whose sleeps complete only when the test advances time. */
function fakeClock(start = 1_000_000) {
  let now = start;
  const sleepers: Array<{ until: number; resolve(): void }> = [];
  const clock: Clock = {
    now: () => now,
    sleep: (ms, signal) =>
      new Promise<void>((resolve, reject) => {
        const sleeper = { until: now + ms, resolve };
        sleepers.push(sleeper);
        signal?.addEventListener('abort', () => {
          sleepers.splice(sleepers.indexOf(sleeper), 1);
          reject(new AbortError('aborted'));
        });
      }),
  };
  const advance = async (ms: number) => {
    now += ms;
    for (const s of sleepers.splice(0)) {
      if (s.until <= now) s.resolve();
      else sleepers.push(s);
    }
    // Let woken waiters run their continuation.
    for (let i = 0; i < 5; i++) await Promise.resolve();
  };
  return {
    clock,
    advance,
    get sleeping() {
      return sleepers.length;
    },
  };
}

const _flush = async () => {
  for (let i = 0; i < 5; i++) await Promise.resolve();
};

describe('rate gate', () => {
  it('counts down the vendor’s reported quota, in-flight requests included, then waits for the reset', async () => {
    const t = fakeClock();
    const gate = createRateGate(t.clock);
    const resetAt = t.clock.now() + 1_000;
    await gate.take(); // two requests in flight when the first answer comes
    await gate.take();
    gate.settled(true);
    gate.report(3, resetAt); // "3 left" counted before the other in-flight one: 2 slots remain
    await gate.take();
    await gate.take();
    let third = false;
    const pending = gate.take().then(() => (third = true));
    await _flush();
    expect(third).toBe(false);
    for (let i = 0; i < 3; i++) gate.settled(true);
    await t.advance(999);
    expect(third).toBe(false);
    await t.advance(1);
    await pending;
    expect(third).toBe(true);
  });

  it('a later, lower report wins within a window; a report for a past window is ignored', async () => {
    const t = fakeClock();
    const gate = createRateGate(t.clock);
    const resetAt = t.clock.now() + 1_000;
    gate.report(10, resetAt);
    gate.report(1, resetAt);
    gate.report(50, t.clock.now() - 1);
    await gate.take();
    gate.settled(true);
    let next = false;
    void gate.take().then(() => (next = true));
    await _flush();
    expect(next).toBe(false);
    await t.advance(1_000);
    expect(next).toBe(true);
  });

  it('when the vendor’s window turns, one lone request goes first and its answer sets the new quota', async () => {
    const t = fakeClock();
    const gate = createRateGate(t.clock);
    const resetAt = t.clock.now() + 1_000;
    gate.report(0, resetAt);
    let sent = 0;
    const takers = Array.from({ length: 4 }, () => gate.take().then(() => sent++));
    await t.advance(1_000);
    await _flush();
    expect(sent).toBe(1); // not four at once into a window that may not have opened at the vendor yet
    gate.settled(true);
    gate.report(2, resetAt + 1_000); // the lone request's answer: 2 left in the new window
    await _flush();
    expect(sent).toBe(3);
    gate.settled(true);
    gate.settled(true);
    await _flush();
    expect(sent).toBe(3); // quota spent: the last waits for the next window
    await t.advance(1_000);
    await Promise.all(takers);
    expect(sent).toBe(4);
  });

  it('without rate-limit headers, a 429 teaches how many to send after the pause, then one at a time', async () => {
    const t = fakeClock();
    const gate = createRateGate(t.clock);
    for (let i = 0; i < 3; i++) {
      await gate.take();
      gate.settled(true); // the vendor took 3 ...
    }
    await gate.take();
    await gate.take(); // ... then two went out together and both got a 429
    gate.settled(false);
    gate.limited(1_000);
    gate.settled(false);
    gate.limited(1_000);
    expect(gate.openAt).toBe(t.clock.now() + 1_000);
    let sent = 0;
    const takers = Array.from({ length: 5 }, () => gate.take().then(() => sent++));
    await t.advance(1_000);
    await _flush();
    expect(sent).toBe(3); // what the vendor took last time
    gate.settled(true);
    gate.settled(true);
    await _flush();
    expect(sent).toBe(3); // the lone request waits for every answer
    gate.settled(true);
    await _flush();
    expect(sent).toBe(4);
    gate.settled(false); // that lone request is this window's only 429
    gate.limited(1_000);
    await t.advance(1_000);
    await Promise.all(takers);
    expect(sent).toBe(5);
  });

  it('a lone request accepted lets two more go (a one-off 429 does not slow a batch for good)', async () => {
    const t = fakeClock();
    const gate = createRateGate(t.clock);
    await gate.take();
    gate.settled(false);
    gate.limited(1_000); // a 429 before anything was accepted: nothing may go but lone requests
    await t.advance(1_000);
    let sent = 0;
    const takers = Array.from({ length: 7 }, () => gate.take().then(() => sent++));
    await _flush();
    expect(sent).toBe(1);
    gate.settled(true);
    await _flush();
    expect(sent).toBe(3);
    gate.settled(true);
    gate.settled(true);
    await _flush();
    expect(sent).toBe(7);
    await Promise.all(takers);
  });

  it('a 429 whose hint is zero or already past pauses for the default, not zero', () => {
    const t = fakeClock();
    const gate = createRateGate(t.clock);
    gate.limited(0);
    expect(gate.openAt).toBe(t.clock.now() + DEFAULT_PAUSE_MS);
    const other = createRateGate(t.clock);
    other.limited(undefined);
    expect(other.openAt).toBe(t.clock.now() + DEFAULT_PAUSE_MS);
  });

  it('a take aborted while waiting for its rate slot gives the slot back', async () => {
    const t = fakeClock();
    const gate = createRateGate(t.clock, 1); // slots 1 s apart
    await gate.take();
    gate.settled(false);
    gate.limited(1); // nothing accepted yet: lone requests only, once nothing is in flight
    await t.advance(1);
    const controller = new AbortController();
    const aborted = gate.take(controller.signal); // in flight, waiting for its slot
    await _flush();
    let lone = false;
    const next = gate.take().then(() => (lone = true));
    await _flush();
    expect(lone).toBe(false);
    controller.abort();
    await t.advance(0);
    await expect(aborted).rejects.toBeInstanceOf(AbortError);
    await _flush();
    await t.advance(2_000);
    await next;
    expect(lone).toBe(true);
  });

  it('is open until closed, then holds every waiter for the whole pause', async () => {
    const t = fakeClock();
    const gate = createRateGate(t.clock);
    await gate.wait();
    gate.closeFor(1000);
    let released = 0;
    const waiters = [gate.wait(), gate.wait(), gate.wait()].map((p) => p.then(() => released++));
    await t.advance(999);
    expect(released).toBe(0);
    await t.advance(1);
    await Promise.all(waiters);
    expect(released).toBe(3);
  });

  it('a later 429 extends the pause; an earlier deadline never shortens it', async () => {
    const t = fakeClock();
    const gate = createRateGate(t.clock);
    gate.closeFor(1000);
    let open = false;
    const waiting = gate.wait().then(() => (open = true));
    await t.advance(500);
    gate.closeFor(1000); // now until +1500 from start
    gate.closeFor(10); // ignored: earlier
    await t.advance(600); // +1100: first deadline passed, but extended
    expect(open).toBe(false);
    await t.advance(400);
    await waiting;
    expect(open).toBe(true);
  });

  it('caps a pause at the transport maximum', () => {
    const t = fakeClock(0);
    const gate = createRateGate(t.clock);
    gate.closeFor(10 * 60 * 60 * 1000);
    expect(gate.openAt).toBe(MAX_RETRY_DELAY_MS);
  });

  it('rejects a waiter with AbortError when its signal fires', async () => {
    const gate = createRateGate();
    gate.closeFor(50_000);
    const controller = new AbortController();
    const waiting = gate.wait(controller.signal);
    controller.abort();
    await expect(waiting).rejects.toBeInstanceOf(AbortError);
  });
});

describe('closeGateOn429', () => {
  it('closes the gate on a 429 from X-RateLimit-Reset (Unix seconds)', async () => {
    // The hint is computed against the wall clock, so this clock starts at it.
    const start = Date.now();
    const t = fakeClock(start);
    const gate = createRateGate(t.clock);
    const reset = Math.ceil((start + 5_000) / 1000);
    const fetch = closeGateOn429(
      async () => new Response(null, { status: 429, headers: { 'x-ratelimit-reset': String(reset) } }),
      gate,
    );
    await fetch(new Request('http://127.0.0.1/x'));
    // openAt = start + (reset - wall clock at the answer): the reset, less the wall time spent since
    // `start` (bounded below without a timing tolerance, so a loaded machine cannot fail it).
    expect(gate.openAt).toBeLessThanOrEqual(reset * 1000);
    expect(gate.openAt).toBeGreaterThanOrEqual(reset * 1000 - (Date.now() - start) - 1);
  });

  it('closes the gate on a 429 from Retry-After, or for a default pause without a hint', async () => {
    const t = fakeClock(1_000_000);
    const answers = [
      new Response(null, { status: 429, headers: { 'retry-after': '2' } }),
      new Response(null, { status: 429, headers: { 'retry-after': '3' } }),
      new Response(null, { status: 429 }),
      new Response(null, { status: 200, headers: { 'retry-after': '30' } }),
    ];
    const gate = createRateGate(t.clock);
    const fetch = closeGateOn429(async () => answers.shift()!, gate);
    const request = () => new Request('http://127.0.0.1/x');

    await fetch(request());
    expect(gate.openAt).toBe(1_002_000);
    await t.advance(2000);
    await fetch(request());
    expect(gate.openAt).toBe(1_005_000);
    await t.advance(3000);
    await fetch(request());
    expect(gate.openAt).toBe(1_005_000 + DEFAULT_PAUSE_MS);
    await t.advance(DEFAULT_PAUSE_MS);
    // Retry-After on a success is not a reason to pause.
    await fetch(request());
    expect(gate.openAt).toBe(1_005_000 + DEFAULT_PAUSE_MS);
  });
});

describe('pacing', () => {
  it('with a rate, take() hands out slots 1000/rate ms apart; wait() takes none', async () => {
    const t = fakeClock(0);
    const gate = createRateGate(t.clock, 4); // 250 ms apart
    const taken: number[] = [];
    const takers = Array.from({ length: 4 }, () => gate.take().then(() => taken.push(t.clock.now())));
    await _flush();
    await gate.wait(); // no slot taken by a plain wait
    for (let i = 0; i < 4; i++) await t.advance(250);
    await Promise.all(takers);
    expect(taken).toEqual([0, 250, 500, 750]);
  });

  it('X-RateLimit-Remaining: 0 closes the gate until X-RateLimit-Reset, before any 429', async () => {
    const t = fakeClock(1_000_000);
    const gate = createRateGate(t.clock);
    const resetAt = (1_000_000 + 3_000) / 1000;
    const fetch = closeGateOn429(
      async () =>
        new Response('{}', {
          status: 200,
          headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': `${resetAt}` },
        }),
      gate,
      t.clock,
    );
    await fetch(new Request('http://127.0.0.1/x'));
    expect(gate.openAt).toBe(1_003_000);
    // Some left, or a reset already past: not a reason to close.
    const other = createRateGate(t.clock);
    for (const [left, reset] of [
      ['5', resetAt],
      ['0', 1],
    ] as const) {
      const remaining = closeGateOn429(
        async () =>
          new Response('{}', {
            status: 200,
            headers: { 'x-ratelimit-remaining': left, 'x-ratelimit-reset': String(reset) },
          }),
        other,
        t.clock,
      );
      await remaining(new Request('http://127.0.0.1/x'));
    }
    expect(other.openAt).toBeLessThanOrEqual(t.clock.now());
  });
});

/**
 * A vendor with a fixed-window limit (`limit` per whole second of the fake clock), answering 429 with
 * Retry-After (whole seconds) beyond it and, with `headers`, X-RateLimit-* on every answer; `n` ids sent
 * by `concurrency` workers through the gate and `closeGateOn429`, each retrying its 429s. Time is fake:
 * the figures are deterministic.
 */
async function simulate(opts: { n: number; concurrency: number; limit: number; headers: boolean; rate?: number }) {
  const t = fakeClock(1_000_000_400); // 400 ms into a window: the first one is partial
  const gate = createRateGate(t.clock, opts.rate);
  let window = -1;
  let used = 0;
  const rejectedIn = new Map<number, number>();
  let accepted = 0;
  const server = async () => {
    await t.clock.sleep(2); // latency
    const now = t.clock.now();
    const w = Math.floor(now / 1000);
    if (w !== window) [window, used] = [w, 0];
    const over = used >= opts.limit;
    if (!over) used++;
    const headers: Record<string, string> = opts.headers
      ? {
          'x-ratelimit-limit': String(opts.limit),
          'x-ratelimit-remaining': String(opts.limit - used),
          'x-ratelimit-reset': String(w + 1),
        }
      : {};
    if (!over) {
      accepted++;
      return new Response('{}', { status: 200, headers });
    }
    rejectedIn.set(w, (rejectedIn.get(w) ?? 0) + 1);
    const retryAfter = String(Math.max(1, Math.ceil(((w + 1) * 1000 - now) / 1000)));
    return new Response(null, { status: 429, headers: { ...headers, 'retry-after': retryAfter } });
  };
  const fetch = closeGateOn429(server, gate, t.clock);
  let next = 0;
  const worker = async () => {
    while (next < opts.n) {
      next++;
      for (;;) {
        await gate.take();
        if ((await fetch(new Request('http://127.0.0.1/x'))).status !== 429) break;
      }
    }
  };
  const started = t.clock.now();
  let finished = false;
  void Promise.all(Array.from({ length: opts.concurrency }, worker)).then(() => (finished = true));
  while (!finished) {
    await new Promise((resolve) => setImmediate(resolve)); // every microtask settles before time moves
    if (!finished) await t.advance(1);
  }
  // The fixed-window ideal: the last id leaves when the window that admits it opens (plus latency).
  const firstWindowLeft = 1000 - (started % 1000);
  const idealMs = (Math.ceil((opts.n - opts.limit) / opts.limit) - 1) * 1000 + firstWindowLeft + 2;
  return { ms: t.clock.now() - started, idealMs, accepted, rejectedIn };
}

describe('pacing against a fixed-window limit (simulated on a fake clock)', () => {
  const base = { n: 1_000, concurrency: 16, limit: 200 };

  it('with X-RateLimit-* headers: no 429 at all, and the batch ends within 5 % of the ideal', async () => {
    const r = await simulate({ ...base, headers: true });
    expect(r.accepted).toBe(1_000);
    expect([...r.rejectedIn.values()]).toEqual([]);
    expect(r.ms).toBeLessThanOrEqual(r.idealMs * 1.05);
  });

  it('with an explicit rate at the limit: no 429, evenly spaced (n / rate)', async () => {
    const r = await simulate({ ...base, headers: false, rate: 200 });
    expect(r.accepted).toBe(1_000);
    expect([...r.rejectedIn.values()]).toEqual([]);
    expect(r.ms).toBeLessThanOrEqual((1_000 / 200) * 1000 * 1.05);
  });

  it('with neither: once the first window has taught the limit, at most one 429 per window', async () => {
    const r = await simulate({ ...base, headers: false });
    expect(r.accepted).toBe(1_000);
    const [first, ...later] = [...r.rejectedIn.entries()].sort(([a], [b]) => a - b).map(([, n]) => n);
    expect(first).toBeLessThanOrEqual(base.concurrency); // those in flight when the first 429 came
    expect(later.length).toBeGreaterThan(0);
    for (const n of later) expect(n).toBe(1);
  });
});
