// Type-level tests of the public API: run by `npm test` (vitest typecheck), so a regression in a
// public type fails the run like a failing assertion.
import { describe, expectTypeOf, test } from 'vitest';
import { createAyraClient } from '../../src/ayra-client.js';
import {
  type AbortError,
  type AgentApiError,
  type AgentLifecycleError,
  type AuthenticationError,
  type BadRequestError,
  type BulkResult,
  ConflictError,
  createAgentClient,
  type LifecycleResult,
  type NotFoundError,
  type OperationBinding,
  type PermissionDeniedError,
  type ProviderDefinition,
  type RateLimitError,
  type ServerError,
} from '../../src/index.js';
import { createQoderClient } from '../../src/qoder-client.js';
import { createSmallestClient } from '../../src/smallest-client.js';

const apiKey = 'k';

describe('raw clients are typed by each vendor’s generated paths', () => {
  test('qoder', () => {
    const qoder = createQoderClient({ apiKey });
    expectTypeOf(qoder.raw.GET).toBeCallableWith('/agents/{agent_id}', {
      params: { path: { agent_id: 'agent_1' } },
    });
    // @ts-expect-error Qoder documents no such route
    qoder.raw.GET('/agent/{id}', { params: { path: { id: 'x' } } });
    // @ts-expect-error archive is a POST on Qoder
    qoder.raw.DELETE('/agents/{agent_id}/archive', { params: { path: { agent_id: 'a' } } });
  });

  test('smallest', () => {
    const smallest = createSmallestClient({ apiKey });
    expectTypeOf(smallest.raw.DELETE).toBeCallableWith('/agent/{id}/archive', {
      params: { path: { id: 'a' }, query: { on: false } },
    });
    // @ts-expect-error Smallest's routes are singular
    smallest.raw.DELETE('/agents/{agent_id}', { params: { path: { agent_id: 'a' } } });
  });

  test('ayra, and the same types through createAgentClient', () => {
    const ayra = createAyraClient({ apiKey });
    expectTypeOf(ayra.raw.PUT).toBeCallableWith('/agents/{agent_id}', {
      params: { path: { agent_id: 'a' } },
      body: { status: 'archived' },
    });
    // @ts-expect-error not one of Ayra's statuses
    ayra.raw.PUT('/agents/{agent_id}', { params: { path: { agent_id: 'a' } }, body: { status: 'gone' } });
    const viaName = createAgentClient({ provider: 'ayra', apiKey });
    expectTypeOf(viaName.raw).toEqualTypeOf(ayra.raw);
  });
});

describe('results', () => {
  test('lifecycle operations resolve to LifecycleResult, batches to one outcome per id', () => {
    const client = createAgentClient({ provider: 'qoder', apiKey });
    expectTypeOf(client.archive('a')).resolves.toEqualTypeOf<LifecycleResult>();
    expectTypeOf(client.archiveMany(['a'])).resolves.toEqualTypeOf<BulkResult>();
    expectTypeOf<BulkResult[number]>().toHaveProperty('id').toEqualTypeOf<string>();
    // @ts-expect-error ids are strings
    client.archive(42);
  });
});

describe('error classes', () => {
  test('each HTTP leaf carries its literal status', () => {
    expectTypeOf<AuthenticationError['status']>().toEqualTypeOf<401>();
    expectTypeOf<PermissionDeniedError['status']>().toEqualTypeOf<403>();
    expectTypeOf<NotFoundError['status']>().toEqualTypeOf<404>();
    expectTypeOf<ConflictError['status']>().toEqualTypeOf<409>();
    expectTypeOf<RateLimitError['status']>().toEqualTypeOf<429>();
    expectTypeOf<RateLimitError['retryAfterMs']>().toEqualTypeOf<number | undefined>();
    expectTypeOf<BadRequestError['status']>().toEqualTypeOf<number>();
    expectTypeOf<ServerError['status']>().toEqualTypeOf<number>();
  });

  test('the hierarchy narrows with instanceof', () => {
    const error: unknown = new Error('x');
    if (error instanceof ConflictError) {
      expectTypeOf(error).toMatchTypeOf<AgentApiError>();
      expectTypeOf(error.vendorMessage).toEqualTypeOf<string | undefined>();
    }
    expectTypeOf<AbortError>().toMatchTypeOf<AgentLifecycleError>();
    expectTypeOf<AbortError>().not.toMatchTypeOf<AgentApiError>();
  });
});

describe('façade bindings are routes of the generated paths', () => {
  test('a binding must name a path the spec has for that method', () => {
    type SmallestPaths = import('../../generated/smallest/schema.js').paths;
    expectTypeOf<['delete', '/agent/{id}/archive']>().toMatchTypeOf<OperationBinding<SmallestPaths>>();
    // @ts-expect-error Smallest has no GET on the archive route
    expectTypeOf<['get', '/agent/{id}/archive']>().toMatchTypeOf<OperationBinding<SmallestPaths>>();
    // @ts-expect-error a route the spec does not have
    expectTypeOf<['delete', '/agent/{id}/gone']>().toMatchTypeOf<OperationBinding<SmallestPaths>>();
    const bound: ProviderDefinition<SmallestPaths>['operations'] = {
      archive: ['delete', '/agent/{id}/archive'],
      // @ts-expect-error a removed route is a compile error in the provider file
      discardDraft: ['delete', '/agent/{id}/drafts/{draftId}/gone'],
    };
    void bound;
  });
});
