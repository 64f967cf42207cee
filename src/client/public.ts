// Everything an entry point re-exports besides its factory: errors and public types.

export type { BulkOperations, BulkOptions, BulkOutcome, BulkProgress, BulkResult } from '../bulk/bulk-operations.js';
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
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  ServerError,
  TimeoutError,
  UnsupportedOperationError,
} from './errors.js';
export type {
  Agent,
  AgentClient,
  AgentPage,
  CallOptions,
  ClientOptionsBase,
  FetchLike,
  LifecycleOperation,
  LifecycleResult,
  LifecycleState,
  ListOptions,
  Logger,
  OperationContext,
  ProviderDefinition,
  VendorErrorInfo,
} from './types.js';
