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
  /** Keep the gate closed for at least `ms` from now (a later deadline always wins). */
  closeFor(ms: number): void;
  /** Epoch ms until which the gate is closed (<= now when open). */
  readonly openAt: number;
}

export const realClock: Clock = { now: () => Date.now(), sleep };

export function createRateGate(clock: Clock = realClock): RateGate {
  let openAt = 0;
  return {
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
  };
}

/**
 * Wraps the batch's fetch to close the gate on a 429. The waiting side is the transport's
 * `beforeAttempt` hook, which runs before an attempt's timer starts, so a pause never eats a timeout.
 */
export function closeGateOn429(inner: FetchLike, gate: RateGate): FetchLike {
  return async (request) => {
    const response = await inner(request);
    if (response.status === 429) gate.closeFor(serverRetryHintMs(response.headers, 429) ?? DEFAULT_PAUSE_MS);
    return response;
  };
}
