// Everything an entry point re-exports besides its factory: errors and public types.

export type {
  BulkMethods,
  BulkOperations,
  BulkOptions,
  BulkOutcome,
  BulkProgress,
  BulkResult,
  BulkStatus,
} from '../bulk/types.js';
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
} from '../core/errors.js';
export type {
  NameOf,
  OperationBinding,
  OperationContext,
  OperationsOf,
  PathsOf,
  ProviderDefinition,
  RawOf,
} from '../core/provider.js';
export { defineProvider } from '../core/provider.js';
export type {
  Agent,
  AgentPage,
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
} from '../core/types.js';
export type {
  AgentClient,
  ClientBase,
  ClientFor,
  ClientOptionsBase,
  LifecycleClient,
  LifecycleMethods,
  PagePromise,
  VendorClient,
} from './types.js';
