import { AgentLifecycleError } from '../client/errors.js';
import type { BulkOutcome, BulkProgress } from '../client/types.js';
import { abortError } from '../internal/sleep.js';
import type { RateGate } from './rate-gate.js';

export interface BatchSettings {
  concurrency: number;
  signal: AbortSignal | undefined;
  onProgress: ((progress: BulkProgress) => void) | undefined;
  gate: RateGate;
}

/**
 * A fixed pool of `concurrency` workers pulling the next index. Each index is settled exactly once, so
 * the outcomes come back complete and in input order whatever happens (failures, abort, duplicates).
 */
export async function runBatch<T>(
  ids: readonly string[],
  task: (id: string, signal: AbortSignal | undefined) => Promise<T>,
  settings: BatchSettings,
): Promise<BulkOutcome<T>[]> {
  const { concurrency, signal, onProgress, gate } = settings;
  const outcomes: BulkOutcome<T>[] = new Array(ids.length);
  let next = 0;
  let done = 0;
  let failed = 0;

  const settle = (index: number, outcome: BulkOutcome<T>): void => {
    outcomes[index] = outcome;
    done++;
    if (!outcome.ok) failed++;
    try {
      onProgress?.({ done, total: ids.length, failed });
    } catch {
      // A broken progress callback must not lose outcomes.
    }
  };

  const worker = async (): Promise<void> => {
    while (next < ids.length) {
      const index = next++;
      const id = ids[index]!;
      if (signal?.aborted) {
        settle(index, { id, ok: false, error: abortError(signal, 'batch aborted before this id was sent') });
        continue;
      }
      try {
        // The transport waits on the gate before every attempt too; waiting here first keeps a paused
        // batch from taking ids it cannot send yet, so an abort finds them still unstarted.
        await gate.wait(signal);
        settle(index, { id, ok: true, result: await task(id, signal) });
      } catch (error) {
        settle(index, { id, ok: false, error: asError(error, signal) });
      }
    }
  };

  await Promise.all(Array.from({ length: Math.min(concurrency, ids.length) }, worker));
  return outcomes;
}

function asError(error: unknown, signal: AbortSignal | undefined): Error {
  if (error instanceof Error) return error;
  return signal?.aborted ? abortError(signal) : new AgentLifecycleError(String(error));
}
