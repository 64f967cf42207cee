// Entry point `agent-lifecycle/bulk`: batches (rate gate, worker pool) for any client, so that a
// single-call bundle does not carry them. `withBulk(createQoderClient({ apiKey }))`.

export type {
  AgentClient,
  BatchClient,
  BulkMethods,
  BulkMethodsOf,
  BulkOptions,
  BulkOutcome,
  BulkProgress,
  BulkResult,
  BulkStatus,
  WithBulk,
} from './bulk/types.js';
export { withBulk } from './bulk/with-bulk.js';
