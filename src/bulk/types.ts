// Batch types: options, per-id outcomes, and the batch methods.

import type { VendorClient } from '../client/types.js';
import type { AgentLifecycleError } from '../core/errors.js';
import type { CallOptions, LifecycleOperation, LifecycleResult } from '../core/types.js';

/** The operations that have a batch form (`archiveMany`, ...). */
export type BulkOperation = 'archive' | 'unarchive' | 'delete';

/** What a batch needs of a client: any client of this package (or one shaped like it) has it. */
export type BatchClient = {
  readonly provider: string;
  supports(operation: LifecycleOperation): boolean;
} & { [K in BulkOperation]?: (agentId: string, options?: CallOptions) => Promise<LifecycleResult> };

/**
 * How an id of a batch ended. `done`: the vendor confirmed it. `failed`: the vendor (or our checks)
 * refused it, `error` says why. `not_sent`: no request for it left this process. `unknown`: a request
 * was sent but no answer was seen (aborted in flight, or timed out): it may or may not have taken effect.
 */
export type BulkStatus = 'done' | 'failed' | 'not_sent' | 'unknown';

/** One id's outcome in a batch. */
export type BulkOutcome<T = LifecycleResult> =
  | { id: string; ok: true; status: 'done'; result: T }
  | { id: string; ok: false; status: 'failed' | 'not_sent' | 'unknown'; error: AgentLifecycleError };

export interface BulkProgress {
  /** Ids that were sent and settled (done, failed or unknown). */
  done: number;
  total: number;
  failed: number;
  /** Ids settled without being sent (the batch stopped first). */
  notSent: number;
}

export interface BulkOptions<T = LifecycleResult> {
  /**
   * Requests in flight at once.
   * @default 4
   */
  concurrency?: number;
  /**
   * Aborts at once: in-flight ids end `unknown`, ids not started `not_sent`.
   * @default none
   */
  signal?: AbortSignal;
  /**
   * Stops sending new ids when it fires; in-flight requests finish. Ids not started end `not_sent`.
   * A graceful stop (first Ctrl-C); `signal` is the hard one.
   * @default none
   */
  drain?: AbortSignal;
  /**
   * Stop sending after this many failed ids (in-flight ones finish). A 401 or 403 always stops the
   * batch: the key is wrong for every id.
   * @default Infinity
   */
  maxFailures?: number;
  /**
   * At most this many requests per second, retries included, evenly spaced. Vendors' own
   * `X-RateLimit-Remaining: 0` + `X-RateLimit-Reset` and 429s pause the batch too.
   * @default Infinity
   */
  rate?: number;
  /**
   * Called when an id is about to be sent (its first attempt), before any byte leaves.
   * @default none
   */
  onStart?: (id: string, index: number) => void;
  /**
   * Called as each id settles, in settling order: stream outcomes from here.
   * @default none
   */
  onOutcome?: (outcome: BulkOutcome<T>, index: number) => void;
  /**
   * Called after each id settles.
   * @default none
   */
  onProgress?: (progress: BulkProgress) => void;
  /**
   * Keep every outcome for the returned array. Set `false` for batches too large to hold in memory
   * (100,000 ids and more): outcomes then reach you only through `onOutcome`, and the array is empty.
   * @default true
   */
  keepOutcomes?: boolean;
}

export type BulkResult<T = LifecycleResult> = BulkOutcome<T>[];

/**
 * One outcome per input id, in input order (duplicates once per occurrence). Never rejects because of
 * an id: a bad id is a failed outcome with InvalidInputError. Rejects only for bad options or an
 * operation the provider lacks (before any request).
 */
export interface BulkMethods<Name extends string = string, Raw = unknown> {
  archiveMany(
    ids: readonly string[],
    options?: BulkOptions<LifecycleResult<'archived', Name, Raw>>,
  ): Promise<BulkResult<LifecycleResult<'archived', Name, Raw>>>;
  unarchiveMany(
    ids: readonly string[],
    options?: BulkOptions<LifecycleResult<'active', Name, Raw>>,
  ): Promise<BulkResult<LifecycleResult<'active', Name, Raw>>>;
  deleteMany(
    ids: readonly string[],
    options?: BulkOptions<LifecycleResult<'deleted', Name, Raw>>,
  ): Promise<BulkResult<LifecycleResult<'deleted', Name, Raw>>>;
}

/** Every batch method, for dynamic use. */
export type BulkOperations = BulkMethods;

type ResultOf<C, K extends BulkOperation> = C extends Record<K, (...args: never[]) => Promise<infer R>> ? R : never;

/** The batch methods of the operations client `C` has (`archiveMany` where it has `archive`, ...). */
export type BulkMethodsOf<C> = {
  [K in keyof C & BulkOperation as `${K}Many`]: (
    ids: readonly string[],
    options?: BulkOptions<ResultOf<C, K>>,
  ) => Promise<BulkResult<ResultOf<C, K>>>;
};

/** `C` with the batch methods of its operations: what `withBulk(client)` returns. */
export type WithBulk<C> = C & BulkMethodsOf<C>;

/** Every operation and batch, for a vendor chosen at run time: check `supports()` first. */
export type AgentClient<Paths extends {} = {}> = VendorClient<Paths, string, unknown> & BulkMethods;
