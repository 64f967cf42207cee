import { AbortError, AgentApiError, AgentLifecycleError, TimeoutError } from '../client/errors.js';
import type { BulkOutcome, BulkProgress } from '../client/types.js';
import type { RateGate } from './rate-gate.js';

export interface BatchSettings<T> {
  concurrency: number;
  signal: AbortSignal | undefined;
  drain: AbortSignal | undefined;
  maxFailures: number;
  onStart: ((id: string, index: number) => void) | undefined;
  onOutcome: ((outcome: BulkOutcome<T>, index: number) => void) | undefined;
  onProgress: ((progress: BulkProgress) => void) | undefined;
  gate: RateGate;
}

/** Runs a caller's callback; a broken one must not lose outcomes. */
function safely(fn: () => void): void {
  try {
    fn();
  } catch {
    // Ignored on purpose.
  }
}

/**
 * A fixed pool of `concurrency` workers pulling the next index. Each index is settled exactly once, so
 * the outcomes come back complete and in input order whatever happens (failures, abort, duplicates).
 * Each id gets its own AbortSignal, linked to the batch's by a listener removed when the id settles:
 * the batch signal never holds more than `concurrency` listeners, however many ids there are.
 */
export async function runBatch<T>(
  ids: readonly string[],
  task: (id: string, signal: AbortSignal) => Promise<T>,
  settings: BatchSettings<T>,
): Promise<BulkOutcome<T>[]> {
  const { concurrency, signal, drain, maxFailures, onStart, onOutcome, onProgress, gate } = settings;
  const outcomes: BulkOutcome<T>[] = new Array(ids.length);
  let next = 0;
  let sent = 0;
  let failed = 0;
  let notSent = 0;
  /** Why the batch stopped sending, once it has. */
  let stopped: string | undefined;

  const settle = (index: number, outcome: BulkOutcome<T>): void => {
    outcomes[index] = outcome;
    if (outcome.status === 'not_sent') notSent++;
    else sent++;
    if (outcome.status === 'failed') failed++;
    safely(() => onOutcome?.(outcome, index));
    safely(() => onProgress?.({ done: sent, total: ids.length, failed, notSent }));
  };

  const stopReason = (): string | undefined => {
    if (stopped) return stopped;
    if (drain?.aborted) return 'the batch was stopped';
    if (signal?.aborted) return 'the batch was aborted';
    return undefined;
  };

  const worker = async (): Promise<void> => {
    while (next < ids.length) {
      const index = next++;
      const id = ids[index]!;
      const reason = stopReason();
      if (reason) {
        settle(index, { id, ok: false, status: 'not_sent', error: new AbortError(`not sent: ${reason}`) });
        continue;
      }
      const controller = new AbortController();
      const forward = () => controller.abort(signal?.reason);
      signal?.addEventListener('abort', forward, { once: true });
      let started = false;
      try {
        // The transport waits on the gate before every attempt too; waiting here first keeps a paused
        // batch from taking ids it cannot send yet, so a stop finds them still unstarted.
        await gate.wait(controller.signal);
        const late = stopReason();
        if (late) {
          settle(index, { id, ok: false, status: 'not_sent', error: new AbortError(`not sent: ${late}`) });
          continue;
        }
        started = true;
        safely(() => onStart?.(id, index));
        settle(index, { id, ok: true, status: 'done', result: await task(id, controller.signal) });
      } catch (error) {
        const e = asError(error);
        if (!started) settle(index, { id, ok: false, status: 'not_sent', error: e });
        else if (signal?.aborted && e instanceof AbortError)
          settle(index, { id, ok: false, status: 'unknown', error: e });
        else {
          settle(index, { id, ok: false, status: 'failed', error: e });
          if (e instanceof AgentApiError && (e.status === 401 || e.status === 403)) {
            stopped ??= `${e.status} from ${e.url ?? e.provider}: the key is refused for every id`;
          } else if (failed >= maxFailures) {
            stopped ??= `${failed} ids failed (--max-failures ${maxFailures})`;
          }
        }
      } finally {
        signal?.removeEventListener('abort', forward);
      }
    }
  };

  await Promise.all(Array.from({ length: Math.min(concurrency, ids.length) }, worker));
  return outcomes;
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new AgentLifecycleError(String(error));
}
