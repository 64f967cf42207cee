import { abortError, sleep } from '../core/sleep.js';
import { MAX_RETRY_DELAY_MS, serverRetryHintMs } from '../internal/retry-policy.js';

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
 *
 * It also keeps a send budget, so a batch paces itself at the vendor's limit instead of running into it:
 * - with `X-RateLimit-Remaining`/`-Reset`, the quota left is counted down (requests in flight included)
 *   and, once spent, the batch waits for the reset; when a window turns, one lone request goes first
 *   and its answer says what the new window holds (no burst into a window that has not opened yet);
 * - without them, a 429 teaches how many requests the vendor took since the batch last resumed: after
 *   the pause that many go, then one lone request at a time until the next 429 (which is then the only
 *   one of its window); each lone request accepted doubles what may go, so a one-off 429 costs little.
 */
export interface RateGate {
  /** Resolves when the gate is open; rejects with AbortError if `signal` fires first. */
  wait(signal?: AbortSignal): Promise<void>;
  /**
   * Like `wait`, then takes a send slot from the budget: with a `rate`, slots are also 1000/rate ms
   * apart, so requests leave evenly spaced instead of in bursts. Every `take` must be followed by
   * exactly one `settled`, whether the request was sent or not.
   */
  take(signal?: AbortSignal): Promise<void>;
  /** Keep the gate closed for at least `ms` from now (a later deadline always wins). */
  closeFor(ms: number): void;
  /** A 429: close for `pauseMs` (a default pause when <= 0) and, without a known window, learn from it. */
  limited(pauseMs: number | undefined): void;
  /**
   * What the vendor said is left of its window (`X-RateLimit-Remaining`) and when the next opens
   * (epoch ms). Reports for a window already past are ignored; within a window the lowest count wins.
   */
  report(remaining: number, resetAtMs: number): void;
  /** A slot taken by `take` is given back: `accepted` when the vendor answered with anything but 429. */
  settled(accepted?: boolean): void;
  /** Epoch ms until which the gate is closed (<= now when open). */
  readonly openAt: number;
}

export const realClock: Clock = { now: () => Date.now(), sleep };

export function createRateGate(clock: Clock = realClock, rate = Number.POSITIVE_INFINITY): RateGate {
  let openAt = 0;
  /** When the next send slot opens (pacing by `rate`). */
  let nextSlot = 0;
  /** Sends left before only lone requests may go; Infinity while nothing is known. */
  let budget = Number.POSITIVE_INFINITY;
  /** The vendor's window end (epoch ms) from X-RateLimit-Reset; 0 when none is known. */
  let resetAt = 0;
  let inFlight = 0;
  /** Lone requests are going: each accepted one lets two more go (slow start, as TCP does). */
  let probing = false;
  /** Non-429 answers since the gate last opened: what a 429 teaches the budget to be. */
  let accepted = 0;
  const spacing = Number.isFinite(rate) && rate > 0 ? 1000 / rate : 0;

  /** Senders waiting for an answer (a lone request's, or the last in flight) before deciding. */
  const waiters = new Set<() => void>();
  const notify = () => {
    if (waiters.size === 0) return;
    const woken = [...waiters];
    waiters.clear();
    for (const wake of woken) wake();
  };
  const nextAnswer = (signal?: AbortSignal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(abortError(signal));
      const onAbort = () => {
        waiters.delete(wake);
        reject(abortError(signal!));
      };
      const wake = () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      };
      waiters.add(wake);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  const isOpen = () => clock.now() >= openAt;

  const gate: RateGate = {
    get openAt() {
      return openAt;
    },
    closeFor(ms) {
      // Capped like the transport's own retry delay, so one odd header cannot stall a batch for hours.
      const pause = Math.min(Math.max(0, ms), MAX_RETRY_DELAY_MS);
      openAt = Math.max(openAt, clock.now() + pause);
    },
    limited(pauseMs) {
      // The first 429 since the gate opened; those of requests already in flight teach nothing more.
      if (isOpen()) {
        if (resetAt === 0) budget = accepted;
        accepted = 0;
        probing = false;
      }
      // A hint of zero or in the past (clock skew) would only send the next request into another 429.
      gate.closeFor(pauseMs !== undefined && pauseMs > 0 ? pauseMs : DEFAULT_PAUSE_MS);
      notify();
    },
    report(remaining, resetAtMs) {
      if (!Number.isFinite(remaining) || !Number.isFinite(resetAtMs) || resetAtMs <= clock.now()) return;
      // The vendor counted up to this answer; the requests still in flight will spend more.
      const left = remaining - inFlight;
      budget = resetAtMs === resetAt ? Math.min(budget, left) : left;
      resetAt = resetAtMs;
      probing = false;
      notify();
    },
    settled(ok = false) {
      inFlight = Math.max(0, inFlight - 1);
      if (ok && isOpen()) {
        accepted++;
        if (probing) budget += 2;
      }
      notify();
    },
    async wait(signal) {
      if (signal?.aborted) throw abortError(signal);
      // Loop: another 429 may have pushed the deadline while we slept.
      for (let left = openAt - clock.now(); left > 0; left = openAt - clock.now()) {
        await clock.sleep(left, signal);
      }
    },
    async take(signal) {
      for (;;) {
        await gate.wait(signal);
        const now = clock.now();
        if (resetAt !== 0 && now >= resetAt) {
          // The vendor's window turned: what it holds is unknown until an answer says, so one asks.
          resetAt = 0;
          budget = 0;
        }
        if (budget > 0) {
          budget--;
          break;
        }
        if (resetAt > now) {
          await clock.sleep(Math.min(resetAt - now, MAX_RETRY_DELAY_MS), signal);
          continue;
        }
        // Budget spent, no window known: one lone request, once every other has its answer.
        if (inFlight === 0) {
          probing = true;
          break;
        }
        await nextAnswer(signal);
      }
      inFlight++;
      try {
        if (spacing > 0) {
          const slot = Math.max(clock.now(), nextSlot);
          nextSlot = slot + spacing;
          const left = slot - clock.now();
          if (left > 0) await clock.sleep(left, signal);
          // A 429 or an exhausted quota may have closed the gate meanwhile.
          await gate.wait(signal);
        }
      } catch (error) {
        gate.settled();
        throw error;
      }
    },
  };
  return gate;
}

/**
 * Feeds the gate one attempt's end: its slot is given back (`settled`), the answer's
 * `X-RateLimit-Remaining`/`-Reset` (Unix seconds) are reported, and a 429 closes the gate for its
 * Retry-After (or X-RateLimit-Reset); `X-RateLimit-Remaining: 0` closes it until the reset, before any
 * 429. `response` is undefined when the attempt got no answer (or was never sent). The transport calls
 * this from its `afterAttempt` hook; the waiting side is `beforeAttempt` (`take`), which runs before an
 * attempt's timer starts, so a pause never eats a timeout.
 */
export function observeAttempt(gate: RateGate, response: Response | undefined, clock: Clock = realClock): void {
  if (response === undefined) {
    gate.settled();
    return;
  }
  const limited = response.status === 429;
  // Given back before the report: the vendor counted this request, not the others still in flight.
  gate.settled(!limited);
  const remaining = response.headers.get('x-ratelimit-remaining');
  const reset = Number(response.headers.get('x-ratelimit-reset'));
  const known = remaining !== null && remaining.trim() !== '' && Number.isFinite(reset) && reset > 0;
  if (known) gate.report(Number(remaining), reset * 1000);
  if (limited) gate.limited(serverRetryHintMs(response.headers, 429));
  else if (known && Number(remaining) <= 0) gate.closeFor(reset * 1000 - clock.now());
}
