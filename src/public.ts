// Everything an entry point re-exports besides its factory: errors and public types (batch types too:
// types cost nothing in a bundle; the batch code itself is `agent-lifecycle/bulk`).

export type {
  AgentClient,
  BulkMethods,
  BulkOperations,
  BulkOptions,
  BulkOutcome,
  BulkProgress,
  BulkResult,
  BulkStatus,
  WithBulk,
} from './bulk/types.js';
export type {
  ClientBase,
  ClientFor,
  ClientOptionsBase,
  LifecycleClient,
  LifecycleMethods,
  PagePromise,
  ResponsePromise,
  VendorClient,
} from './client/types.js';
export {
  AbortError,
  AgentApiError,
  type AgentApiErrorInit,
  AgentLifecycleError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  ConnectionError,
  type ErrorCode,
  InvalidInputError,
  InvalidResponseError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  ServerError,
  TimeoutError,
  UnsupportedOperationError,
} from './core/errors.js';
export type {
  CallClient,
  Idempotency,
  NameOf,
  OperationBinding,
  OperationContext,
  OperationsOf,
  PathsOf,
  ProviderDefinition,
  RawOf,
} from './core/provider.js';
export { defineProvider } from './core/provider.js';
export type { AgentFields, AgentKey, ArchivedField, CursorSource, ProviderSemantics } from './core/semantics.js';
export type {
  Agent,
  AgentPage,
  AttemptHooks,
  AttemptObserver,
  CallOptions,
  FetchLike,
  HttpMethod,
  LifecycleOperation,
  LifecycleResult,
  LifecycleState,
  ListOptions,
  Logger,
  OperationStates,
  VendorErrorInfo,
} from './core/types.js';
