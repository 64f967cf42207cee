import { UnsupportedOperationError } from '../core/errors.js';
import type { AttemptHooks } from '../core/types.js';
import { ensure } from '../internal/validate.js';
import { createRateGate, observeAttempt } from './rate-gate.js';
import type { BatchClient, BulkOperation, BulkOptions, BulkResult, WithBulk } from './types.js';
import { runBatch } from './worker-pool.js';

export const DEFAULT_CONCURRENCY = 4;

/**
 * Batches for any client, as an Octokit plugin adds a feature: `withBulk(createQoderClient(...))`
 * returns the client with `archiveMany`/`unarchiveMany`/`deleteMany` (typed for the operations it has;
 * at run time an unsupported one rejects). Each batch gets a rate gate of its own, composed over the
 * client's public per-call `hooks`: every attempt, retries included, waits on the gate before its timer
 * starts and feeds it its answer (a 429 pauses the whole batch).
 */
export function withBulk<C extends BatchClient>(client: C): WithBulk<C> {
  const many = async (
    operation: BulkOperation,
    ids: readonly string[],
    options: BulkOptions = {},
    // biome-ignore lint/suspicious/noExplicitAny: each batch method narrows its results' state in BulkMethods
  ): Promise<BulkResult<any>> => {
    const { rate, ...settings } = checkOptions(ids, options);
    if (!client.supports(operation)) throw new UnsupportedOperationError(client.provider, operation);
    const gate = createRateGate(undefined, rate);
    const hooks: AttemptHooks = {
      before: (signal) => gate.take(signal),
      after: (response) => observeAttempt(gate, response),
    };
    const call = client[operation]!.bind(client);
    return runBatch(ids, (id, signal) => call(id, { signal, hooks }), { ...settings, gate });
  };
  return {
    ...client,
    archiveMany: (ids: readonly string[], options?: BulkOptions) => many('archive', ids, options),
    unarchiveMany: (ids: readonly string[], options?: BulkOptions) => many('unarchive', ids, options),
    deleteMany: (ids: readonly string[], options?: BulkOptions) => many('delete', ids, options),
  } as WithBulk<C>;
}

function checkOptions(ids: unknown, options: unknown) {
  ensure(Array.isArray(ids), 'ids must be an array of strings');
  ensure(typeof options === 'object' && options !== null, 'bulk options must be an object');
  const {
    concurrency = DEFAULT_CONCURRENCY,
    signal,
    drain,
    maxFailures = Number.POSITIVE_INFINITY,
    rate = Number.POSITIVE_INFINITY,
    onStart,
    onOutcome,
    onProgress,
    keepOutcomes = true,
  } = options as BulkOptions;
  ensure(Number.isSafeInteger(concurrency) && concurrency >= 1, 'concurrency must be an integer >= 1');
  for (const [name, value] of Object.entries({ signal, drain }))
    ensure(value === undefined || value instanceof AbortSignal, `${name} must be an AbortSignal`);
  ensure(
    maxFailures === Number.POSITIVE_INFINITY || (Number.isSafeInteger(maxFailures) && maxFailures >= 1),
    'maxFailures must be an integer >= 1',
  );
  ensure(typeof rate === 'number' && rate > 0, 'rate must be a number > 0 (requests per second)');
  for (const [name, value] of Object.entries({ onStart, onOutcome, onProgress }))
    ensure(value === undefined || typeof value === 'function', `${name} must be a function`);
  ensure(typeof keepOutcomes === 'boolean', 'keepOutcomes must be a boolean');
  return { concurrency, signal, drain, maxFailures, rate, onStart, onOutcome, onProgress, keepOutcomes };
}
