import type { FetchLike } from '../client/types.js';
import { MAX_RETRY_DELAY_MS, serverRetryHintMs } from '../internal/retry-policy.js';
import { abortError, sleep } from '../internal/sleep.js';

/** Time source, injectable so tests can drive the gate without real waiting. */
export interface Clock {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** When a 429 gives no Retry-After / X-RateLimit-Reset, pause the batch this long. */
export const DEFAULT_PAUSE_MS = 1_000;

/**
 * One per batch: a 429 anywhere closes it for the advertised time, and every request of the batch
 * (first attempts and retries alike) waits for it to open. That turns "each worker backs off on its own
 * and keeps hammering" into "the whole batch pauses once".
 */
export interface RateGate {
  /** Resolves when the gate is open; rejects with AbortError if `signal` fires first. */
  wait(signal?: AbortSignal): Promise<void>;
  /**
   * Like `wait`, then takes a send slot: with a `rate`, slots are 1000/rate ms apart, so requests leave
   * evenly spaced instead of in bursts that a vendor's limiter would answer with 429s.
   */
  take(signal?: AbortSignal): Promise<void>;
  /** Keep the gate closed for at least `ms` from now (a later deadline always wins). */
  closeFor(ms: number): void;
  /**
   * What the vendor said is left of its window (`X-RateLimit-Remaining`) and when the next opens
   * (epoch ms). Slots are then counted down, the requests already in flight included, and the gate
   * waits for the reset once they are spent: the batch paces itself at the limit instead of hitting it.
   */
  report(remaining: number, resetAtMs: number): void;
  /** An attempt that took a slot got its answer (or failed): it no longer counts as in flight. */
  settled(): void;
  /** Epoch ms until which the gate is closed (<= now when open). */
  readonly openAt: number;
}

export const realClock: Clock = { now: () => Date.now(), sleep };

export function createRateGate(clock: Clock = realClock, rate = Number.POSITIVE_INFINITY): RateGate {
  let openAt = 0;
  /** When the next send slot opens (pacing by `rate`). */
  let nextSlot = 0;
  /** Requests left in the vendor's current window, as we count them; Infinity when unknown. */
  let budget = Number.POSITIVE_INFINITY;
  let resetAt = 0;
  let inFlight = 0;
  const spacing = Number.isFinite(rate) && rate > 0 ? 1000 / rate : 0;
  const gate: RateGate = {
    get openAt() {
      return openAt;
    },
    closeFor(ms) {
      // Capped like the transport's own retry delay, so one odd header cannot stall a batch for hours.
      const pause = Math.min(Math.max(0, ms), MAX_RETRY_DELAY_MS);
      openAt = Math.max(openAt, clock.now() + pause);
    },
    async wait(signal) {
      if (signal?.aborted) throw abortError(signal);
      // Loop: another 429 may have pushed the deadline while we slept.
      for (let left = openAt - clock.now(); left > 0; left = openAt - clock.now()) {
        await clock.sleep(left, signal);
      }
    },
    report(remaining, resetAtMs) {
      if (!Number.isFinite(remaining) || !Number.isFinite(resetAtMs) || resetAtMs <= clock.now()) return;
      // The vendor counted up to this answer; the requests still in flight will spend more.
      const left = remaining - inFlight;
      budget = resetAtMs === resetAt ? Math.min(budget, left) : left;
      resetAt = resetAtMs;
    },
    settled() {
      inFlight = Math.max(0, inFlight - 1);
    },
    async take(signal) {
      await gate.wait(signal);
      for (;;) {
        const now = clock.now();
        // A new window: unknown until its first answer says.
        if (now >= resetAt) budget = Number.POSITIVE_INFINITY;
        if (budget > 0) break;
        await clock.sleep(Math.min(resetAt - now, MAX_RETRY_DELAY_MS), signal);
      }
      budget--;
      inFlight++;
      if (spacing === 0) return;
      const slot = Math.max(clock.now(), nextSlot);
      nextSlot = slot + spacing;
      const left = slot - clock.now();
      if (left > 0) await clock.sleep(left, signal);
      // A 429 or an exhausted quota may have closed the gate meanwhile.
      await gate.wait(signal);
    },
  };
  return gate;
}

/**
 * Wraps the batch's fetch to close the gate on a 429, and before one: when a vendor says its quota is
 * spent (`X-RateLimit-Remaining: 0` with `X-RateLimit-Reset`, Unix seconds), the batch waits for the
 * reset instead of sending into a 429. The waiting side is the transport's `beforeAttempt` hook, which
 * runs before an attempt's timer starts, so a pause never eats a timeout.
 */
export function closeGateOn429(inner: FetchLike, gate: RateGate, clock: Clock = realClock): FetchLike {
  return async (request) => {
    let response: Response;
    try {
      response = await inner(request);
    } finally {
      gate.settled();
    }
    const remaining = response.headers.get('x-ratelimit-remaining');
    const reset = Number(response.headers.get('x-ratelimit-reset'));
    if (remaining !== null && Number.isFinite(reset) && reset > 0) gate.report(Number(remaining), reset * 1000);
    if (response.status === 429) {
      gate.closeFor(serverRetryHintMs(response.headers, 429) ?? DEFAULT_PAUSE_MS);
    } else if (remaining?.trim() === '0' && Number.isFinite(reset) && reset > 0) {
      gate.closeFor(reset * 1000 - clock.now());
    }
    return response;
  };
}
