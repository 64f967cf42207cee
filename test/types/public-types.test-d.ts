// Type-level tests of the public API: run by `npm test` (vitest typecheck), so a regression in a
// public type fails the run like a failing assertion.
import { describe, expectTypeOf, test } from 'vitest';
import { type AyraComponents, createAyraClient } from '../../src/ayra-client.js';
import { type WithBulk, withBulk } from '../../src/bulk.js';
import {
  type AbortError,
  type Agent,
  type AgentApiError,
  type AgentClient,
  type AgentLifecycleError,
  type AgentPage,
  type AuthenticationError,
  type BadRequestError,
  type BulkResult,
  ConflictError,
  createAgentClient,
  defineProvider,
  type LifecycleOperation,
  type LifecycleResult,
  type ListOptions,
  type NotFoundError,
  type OperationBinding,
  type PermissionDeniedError,
  type ProviderDefinition,
  type ProviderName,
  type ProviderSemantics,
  type RateLimitError,
  type ServerError,
} from '../../src/index.js';
import { semantics as qoderSemantics } from '../../src/providers/qoder.js';
import {
  createQoderClient,
  type QoderAgent,
  type QoderClient,
  type QoderComponents,
  type QoderOperations,
} from '../../src/qoder-client.js';
import { createSmallestClient, type SmallestAgent, type SmallestPaths } from '../../src/smallest-client.js';

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

describe('client types say what a vendor can do', () => {
  test('per-operation results: literal state and provider, batches typed alike', () => {
    const client = createAgentClient({ provider: 'qoder', apiKey });
    expectTypeOf(client.archive('a')).resolves.toEqualTypeOf<LifecycleResult<'archived', 'qoder', QoderAgent>>();
    expectTypeOf(client.provider).toEqualTypeOf<'qoder'>();
    expectTypeOf(client.archiveMany(['a'])).resolves.toEqualTypeOf<
      BulkResult<LifecycleResult<'archived', 'qoder', QoderAgent>>
    >();
    expectTypeOf<BulkResult[number]>().toHaveProperty('id').toEqualTypeOf<string>();
    const ayra = createAyraClient({ apiKey });
    expectTypeOf(ayra.unarchive('a')).resolves.toHaveProperty('state').toEqualTypeOf<'active'>();
    expectTypeOf(ayra.delete('a')).resolves.toHaveProperty('state').toEqualTypeOf<'deleted'>();
    expectTypeOf(createSmallestClient({ apiKey }).discardDraft('a', 'd'))
      .resolves.toHaveProperty('state')
      .toEqualTypeOf<'discarded'>();
    // @ts-expect-error ids are strings
    client.archive(42);
  });

  test('an unsupported method does not exist on the vendor’s type', () => {
    const qoder = createQoderClient({ apiKey });
    // @ts-expect-error Qoder cannot unarchive
    qoder.unarchive('a');
    // @ts-expect-error Qoder cannot delete
    qoder.delete('a');
    // @ts-expect-error nor in batches
    withBulk(qoder).deleteMany(['a']);
    // @ts-expect-error Ayra has no get
    createAyraClient({ apiKey }).get('a');
    // @ts-expect-error Smallest cannot delete
    createAgentClient({ provider: 'smallest', apiKey }).delete('a');
    expectTypeOf<keyof QoderClient>().toEqualTypeOf<'provider' | 'supports' | 'raw' | 'archive' | 'get' | 'list'>();
    expectTypeOf<keyof WithBulk<QoderClient>>().toEqualTypeOf<
      'provider' | 'supports' | 'raw' | 'archive' | 'get' | 'list' | 'archiveMany'
    >();
    expectTypeOf(withBulk(qoder).archiveMany(['a'])).resolves.toEqualTypeOf<
      BulkResult<LifecycleResult<'archived', 'qoder', QoderAgent>>
    >();
  });

  test('a vendor chosen at run time gets every method, checked with supports()', () => {
    const name = 'qoder' as ProviderName;
    const dynamic = createAgentClient({ provider: name, apiKey });
    expectTypeOf(dynamic).toEqualTypeOf<AgentClient>();
    expectTypeOf(dynamic.unarchive).toBeFunction();
    expectTypeOf(dynamic.supports).parameter(0).toEqualTypeOf<LifecycleOperation>();
  });

  test('Agent.raw is the vendor’s own schema; components, operations and paths are exported', () => {
    const qoder = createQoderClient({ apiKey });
    expectTypeOf(qoder.get('a')).resolves.toHaveProperty('raw').toEqualTypeOf<QoderComponents['schemas']['Agent']>();
    expectTypeOf<QoderAgent>().toHaveProperty('archived_at').toEqualTypeOf<string | null>();
    expectTypeOf<SmallestAgent>().toHaveProperty('_id').toEqualTypeOf<string>();
    expectTypeOf<AyraComponents['schemas']['AgentStatus']>().toEqualTypeOf<'active' | 'paused' | 'archived'>();
    expectTypeOf<QoderOperations>().not.toBeNever();
    expectTypeOf<SmallestPaths>().toHaveProperty('/agent/{id}/archive');
  });

  test('list() is a promise of the first page and an async iterable of every agent', () => {
    const qoder = createQoderClient({ apiKey });
    expectTypeOf(qoder.list()).resolves.toEqualTypeOf<AgentPage<QoderAgent>>();
    expectTypeOf(qoder.list()).toMatchTypeOf<AsyncIterable<Agent<QoderAgent>>>();
    expectTypeOf(qoder.list).parameter(0).toEqualTypeOf<ListOptions | undefined>();
  });

  test('per-call options', () => {
    const qoder = createQoderClient({ apiKey });
    expectTypeOf(qoder.archive).toBeCallableWith('a', {
      timeoutMs: 1,
      maxRetries: 0,
      deadlineMs: 5,
      signal: AbortSignal.timeout(1),
    });
    // @ts-expect-error not a call option
    qoder.archive('a', { retries: 1 });
  });

  test('defineProvider keeps a custom provider’s name and operations', () => {
    const custom = defineProvider<{}, { id: string; label: string }>()({
      name: 'acme',
      defaultBaseUrl: 'https://acme.test',
      operations: {},
      parseError: () => ({}),
    });
    const client = createAgentClient({ provider: custom, apiKey });
    expectTypeOf(client.provider).toEqualTypeOf<'acme'>();
    expectTypeOf<keyof typeof client>().toEqualTypeOf<'provider' | 'supports' | 'raw'>();
  });
});

describe('client conveniences', () => {
  test('withResponse() on every method; plain await unchanged', () => {
    const qoder = createQoderClient({ apiKey });
    expectTypeOf(qoder.archive('a').withResponse()).resolves.toEqualTypeOf<{
      data: LifecycleResult<'archived', 'qoder', QoderAgent>;
      response: Response;
    }>();
    expectTypeOf(qoder.get('a').withResponse()).resolves.toHaveProperty('data').toEqualTypeOf<Agent<QoderAgent>>();
    expectTypeOf(qoder.list().withResponse()).resolves.toHaveProperty('data').toEqualTypeOf<AgentPage<QoderAgent>>();
    expectTypeOf(createAyraClient({ apiKey }).unarchive('a').withResponse())
      .resolves.toHaveProperty('response')
      .toEqualTypeOf<Response>();
  });

  test('apiKey optional (the environment), headers and per-attempt hooks typed', () => {
    expectTypeOf(createAgentClient({ provider: 'qoder' }).provider).toEqualTypeOf<'qoder'>();
    expectTypeOf(createQoderClient).toBeCallableWith({
      headers: { 'x-a': '1' },
      onRequest: (request: Request, info: { attempt: number }) => void request.headers.set('x', String(info.attempt)),
      onResponse: async (response: Response) => void response.status,
    });
    const qoder = createQoderClient({});
    expectTypeOf(qoder.get).toBeCallableWith('a', { headers: [['x-a', '1']] });
    // @ts-expect-error header values are strings
    createQoderClient({ headers: { 'x-a': 1 } });
  });
});

describe('type errors that guide', () => {
  // Each @ts-expect-error carries the message tsc gives, in pieces joined by ` … `, found in any
  // order (a union's order varies): test/types/type-errors.integration.test.ts compiles these lines and checks one error with every piece.
  test('a wrong provider name lists the valid names', () => {
    // @ts-expect-error Type '"qoderr"' is not assignable to type … "ayra" … "smallest" … Did you mean '"qoder"'?
    createAgentClient({ provider: 'qoderr', apiKey });
  });

  test('an unknown option key is named, with the one meant', () => {
    // @ts-expect-error Object literal may only specify known properties, but 'apikey' does not exist in type 'AgentClientOptions<"qoder">'. Did you mean to write 'apiKey'?
    createAgentClient({ provider: 'qoder', apikey: 'k' });
    // @ts-expect-error 'timeout' does not exist in type 'AgentClientOptions<"qoder">'. Did you mean to write 'timeoutMs'?
    createAgentClient({ provider: 'qoder', apiKey, timeout: 1 });
    // @ts-expect-error 'retries' does not exist in type 'CallOptions'
    createQoderClient({ apiKey }).archive('a', { retries: 1 });
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

describe('semantics name fields of the vendor’s agent', () => {
  test('a provider file exports its semantics beside `provider`, typed by its agent', () => {
    expectTypeOf(qoderSemantics).toEqualTypeOf<ProviderSemantics<QoderAgent>>();
    // Without the agent type it is any vendor's: what conformance reads.
    expectTypeOf(qoderSemantics).toMatchTypeOf<ProviderSemantics>();
  });

  test('a field the vendor renames is a compile error in the provider file', () => {
    const fields: ProviderSemantics<QoderAgent>['agent'] = {
      id: 'id',
      name: 'name',
      archived: { field: 'archived', optional: true },
      // @ts-expect-error Qoder's agent has archived_at, not archivedAt
      archivedAt: 'archivedAt',
    };
    void fields;
  });

  test('a custom provider may still declare them as a field, checked by defineProvider', () => {
    const custom = defineProvider<{}, { id: string; label: string }>()({
      name: 'acme',
      defaultBaseUrl: 'https://acme.test',
      operations: {},
      parseError: () => ({}),
      // @ts-expect-error acme's agent has label, not name
      semantics: { agent: { id: 'id', name: 'name', archived: false, archivedAt: null } },
    });
    void custom;
  });
});
