import { InvalidInputError, UnsupportedOperationError } from '../core/errors.js';
import { type Clock, createRateGate, type RateGate, realClock } from './rate-gate.js';
import type { BatchClient, BulkOperation, BulkOperations, BulkOptions, BulkResult } from './types.js';
import { runBatch } from './worker-pool.js';

export const DEFAULT_CONCURRENCY = 4;

/**
 * `forBatch(gate)` must build a client whose every attempt, retries included, waits on `gate` before its
 * timer starts and closes it on a 429. A fresh client (and gate) per batch keeps batches independent.
 */
export function createBulkOperations(
  forBatch: (gate: RateGate) => BatchClient,
  clock: Clock = realClock,
): BulkOperations {
  const many = async (
    operation: BulkOperation,
    ids: readonly string[],
    options: BulkOptions = {},
    // biome-ignore lint/suspicious/noExplicitAny: each batch method narrows its results' state in BulkMethods
  ): Promise<BulkResult<any>> => {
    const { rate, ...settings } = checkOptions(ids, options);
    const gate = createRateGate(clock, rate);
    const client = forBatch(gate);
    if (!client.supports(operation)) throw new UnsupportedOperationError(client.provider, operation);
    return runBatch(ids, (id, signal) => client[operation](id, { signal }), { ...settings, gate });
  };
  return {
    archiveMany: (ids, options) => many('archive', ids, options as BulkOptions),
    unarchiveMany: (ids, options) => many('unarchive', ids, options as BulkOptions),
    deleteMany: (ids, options) => many('delete', ids, options as BulkOptions),
  };
}

function checkOptions(ids: unknown, options: unknown) {
  const fail = (message: string) => {
    throw new InvalidInputError(message);
  };
  if (!Array.isArray(ids)) fail('ids must be an array of strings');
  if (typeof options !== 'object' || options === null) fail('bulk options must be an object');
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
  if (!Number.isSafeInteger(concurrency) || concurrency < 1) fail('concurrency must be an integer >= 1');
  for (const [name, value] of Object.entries({ signal, drain })) {
    if (value !== undefined && !(value instanceof AbortSignal)) fail(`${name} must be an AbortSignal`);
  }
  if (!(maxFailures === Number.POSITIVE_INFINITY || (Number.isSafeInteger(maxFailures) && maxFailures >= 1)))
    fail('maxFailures must be an integer >= 1');
  if (typeof rate !== 'number' || Number.isNaN(rate) || rate <= 0)
    fail('rate must be a number > 0 (requests per second)');
  for (const [name, value] of Object.entries({ onStart, onOutcome, onProgress })) {
    if (value !== undefined && typeof value !== 'function') fail(`${name} must be a function`);
  }
  if (typeof keepOutcomes !== 'boolean') fail('keepOutcomes must be a boolean');
  return { concurrency, signal, drain, maxFailures, rate, onStart, onOutcome, onProgress, keepOutcomes };
}
