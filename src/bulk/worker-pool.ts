import { AbortError, AgentApiError, AgentLifecycleError, TimeoutError } from '../core/errors.js';
import type { RateGate } from './rate-gate.js';
import type { BulkOutcome, BulkProgress } from './types.js';

export interface BatchSettings<T> {
  concurrency: number;
  signal: AbortSignal | undefined;
  drain: AbortSignal | undefined;
  maxFailures: number;
  onStart: ((id: string, index: number) => void) | undefined;
  onOutcome: ((outcome: BulkOutcome<T>, index: number) => void) | undefined;
  onProgress: ((progress: BulkProgress) => void) | undefined;
  gate: RateGate;
  keepOutcomes: boolean;
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
 * Each id gets its own AbortSignal; the batch's signal aborts the ones in flight through one listener.
 */
export async function runBatch<T>(
  ids: readonly string[],
  task: (id: string, signal: AbortSignal) => Promise<T>,
  settings: BatchSettings<T>,
): Promise<BulkOutcome<T>[]> {
  const { concurrency, signal, drain, maxFailures, onStart, onOutcome, onProgress, gate, keepOutcomes } = settings;
  const outcomes: BulkOutcome<T>[] = keepOutcomes ? new Array(ids.length) : [];
  let next = 0;
  let sent = 0;
  let failed = 0;
  let notSent = 0;
  /** Why the batch stopped sending, once it has. */
  let stopped: string | undefined;

  const settle = (index: number, outcome: BulkOutcome<T>): void => {
    if (keepOutcomes) outcomes[index] = outcome;
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

  // One listener on the caller's signal for the whole batch (not one per worker or per id), so a
  // batch of any size or concurrency never trips Node's MaxListeners warning.
  const inFlight = new Set<AbortController>();
  const abortAll = () => {
    for (const controller of inFlight) controller.abort(signal?.reason);
  };
  signal?.addEventListener('abort', abortAll, { once: true });

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
      inFlight.add(controller);
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
        // Sent, and no answer seen: aborted in flight, or timed out on its last attempt.
        else if ((signal?.aborted && e instanceof AbortError) || e instanceof TimeoutError)
          settle(index, { id, ok: false, status: 'unknown', error: e });
        else {
          settle(index, { id, ok: false, status: 'failed', error: e });
          if (e instanceof AgentApiError && (e.status === 401 || e.status === 403)) {
            stopped ??= `${e.status} from ${e.url ?? e.provider}: the key is refused for every id`;
          } else if (failed >= maxFailures) {
            stopped ??= `${failed} ids failed (maxFailures: ${maxFailures})`;
          }
        }
      } finally {
        inFlight.delete(controller);
      }
    }
  };

  try {
    await Promise.all(Array.from({ length: Math.min(concurrency, ids.length) }, worker));
  } finally {
    signal?.removeEventListener('abort', abortAll);
  }
  return outcomes;
}

/** Every outcome's error is ours or typed; anything else (a custom provider's bug) is wrapped, cause kept. */
function asError(error: unknown): AgentLifecycleError {
  if (error instanceof AgentLifecycleError) return error;
  return new AgentLifecycleError(error instanceof Error ? error.message : String(error), { cause: error });
}
