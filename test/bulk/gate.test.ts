import { describe, expect, it } from 'vitest';
import { type Clock, closeGateOn429, createRateGate, DEFAULT_PAUSE_MS } from '../../src/bulk/rate-gate.js';
import { AbortError } from '../../src/client/errors.js';
import { MAX_RETRY_DELAY_MS } from '../../src/internal/retry-policy.js';

/** A clock whose sleeps complete only when the test advances time. */
function fakeClock(start = 1_000_000) {
  let now = start;
  const sleepers: Array<{ until: number; resolve(): void }> = [];
  const clock: Clock = {
    now: () => now,
    sleep: (ms) => new Promise<void>((resolve) => sleepers.push({ until: now + ms, resolve })),
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
    await gate.take(); // one request in flight when the first answer comes
    gate.report(3, resetAt); // "3 left" counted before the in-flight one: 2 slots remain
    await gate.take();
    await gate.take();
    let third = false;
    const pending = gate.take().then(() => (third = true));
    await _flush();
    expect(third).toBe(false);
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
    let next = false;
    void gate.take().then(() => (next = true));
    await _flush();
    expect(next).toBe(false);
    await t.advance(1_000);
    expect(next).toBe(true);
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
    expect(Math.abs(gate.openAt - reset * 1000)).toBeLessThan(50);
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
    const remaining = closeGateOn429(
      async () =>
        new Response('{}', { status: 200, headers: { 'x-ratelimit-remaining': '5', 'x-ratelimit-reset': '1' } }),
      createRateGate(t.clock),
      t.clock,
    );
    await remaining(new Request('http://127.0.0.1/x'));
  });
});
