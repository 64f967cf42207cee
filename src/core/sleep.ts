import { AbortError } from './errors.js';

export function abortError(signal: AbortSignal, message = 'request aborted'): AbortError {
  return new AbortError(message, { cause: signal.reason });
}

/** Waits `ms`; rejects with AbortError at once if `signal` fires first (and then stops the timer). */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortError(signal));
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortError(signal!));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
