// Retries that know the method, over a real loopback socket: an idempotent operation is retried after a
// lost answer and a retry's 404 / "already in that state" resolves as done but uncertain; a 404 on the
// first attempt stays NotFoundError; a non-idempotent one is never sent twice once it may have reached
// the server; `retry: false` and `shouldRetry` override per call; an unreadable 2xx body is flagged.
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import {
  ConflictError,
  createAgentClient,
  InvalidInputError,
  NotFoundError,
  type ProviderDefinition,
  ServerError,
  TimeoutError,
} from '../../src/index.js';
import { defaultShouldRetry, mayHaveReachedServer } from '../../src/internal/retry-policy.js';
import {
  hang,
  type LoopbackServer,
  reply,
  replyJson,
  resetBeforeHeaders,
  startServer,
} from '../helpers/loopback-server.js';

const ID = 'agent_abc123xyz789';
const SMALLEST_ID = '65f1c0ffee0000000000abcd';
const unavailable = replyJson(503, { error: { type: 'api_error', message: 'unavailable' } });
const ayraNotFound = replyJson(404, {
  error: { type: 'not_found', message: 'Agent not found', code: 'agent_not_found', agent_id: ID },
});

let server: LoopbackServer;
beforeEach(async () => {
  server = await startServer();
  // Full-jitter backoff draws from Math.random: 0 makes every backoff wait zero.
  vi.spyOn(Math, 'random').mockReturnValue(0);
});
afterEach(async () => {
  vi.restoreAllMocks();
  await server.close();
});

const ayra = (extra: object = {}) =>
  createAgentClient({ provider: 'ayra', apiKey: 'sk_test_retry', baseUrl: server.url, maxRetries: 2, ...extra });

describe('ayra delete: a lost answer, then 404', () => {
  test.each([
    ['503', unavailable],
    ['a reset before any byte', resetBeforeHeaders],
  ])('%s, then 404: deleted, alreadyInState and uncertain', async (_name, first) => {
    server.script(first, ayraNotFound);
    const result = await ayra().delete(ID);
    expect(result).toEqual({ provider: 'ayra', agentId: ID, state: 'deleted', alreadyInState: true, uncertain: true });
    expect(server.requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      `DELETE /agents/${ID}`,
      `DELETE /agents/${ID}`,
    ]);
  });

  test('a timed-out attempt, then 404: deleted, uncertain', async () => {
    server.script(hang, ayraNotFound);
    const result = await ayra({ timeoutMs: 300 }).delete(ID);
    expect(result).toMatchObject({ state: 'deleted', alreadyInState: true, uncertain: true });
    expect(server.requests).toHaveLength(2);
  });

  test('404 on the first attempt stays NotFoundError, one request', async () => {
    server.script(ayraNotFound);
    const error = await ayra()
      .delete(ID)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toMatchObject({ status: 404, vendorCode: 'agent_not_found' });
    expect(server.requests).toHaveLength(1);
  });

  test('429 (not processed), then 404: NotFoundError, since no answer was lost', async () => {
    server.script(
      replyJson(429, { error: { type: 'rate_limit', message: 'slow' } }, { 'retry-after': '0' }),
      ayraNotFound,
    );
    await expect(ayra().delete(ID)).rejects.toBeInstanceOf(NotFoundError);
    expect(server.requests).toHaveLength(2);
  });

  test('a 409 after a lost answer stays ConflictError: only 404 means done for a delete', async () => {
    server.script(
      unavailable,
      replyJson(409, {
        error: { type: 'conflict', message: 'Cannot delete agent with active calls', code: 'agent_has_active_calls' },
      }),
    );
    await expect(ayra().delete(ID)).rejects.toBeInstanceOf(ConflictError);
  });
});

describe('smallest archive: a lost answer, then "already archived"', () => {
  const smallest = () =>
    createAgentClient({ provider: 'smallest', apiKey: 'sk_test_retry', baseUrl: server.url, maxRetries: 2 });
  const already = replyJson(409, { status: false, errors: ['Agent is already archived'] });

  test('503, then 409 already archived: archived, alreadyInState and uncertain', async () => {
    server.script(unavailable, already);
    const result = await smallest().archive(SMALLEST_ID);
    expect(result).toEqual({
      provider: 'smallest',
      agentId: SMALLEST_ID,
      state: 'archived',
      alreadyInState: true,
      uncertain: true,
    });
    expect(server.requests).toHaveLength(2);
  });

  test('409 already archived on the first attempt: alreadyInState, certain', async () => {
    server.script(already);
    const result = await smallest().archive(SMALLEST_ID);
    expect(result).toEqual({ provider: 'smallest', agentId: SMALLEST_ID, state: 'archived', alreadyInState: true });
  });
});

describe('idempotency decides what is retried', () => {
  test('qoder archive is a POST the vendor declares idempotent: retried after a 503', async () => {
    const agent = { id: ID, name: 'a', archived: true, archived_at: '2026-01-01T00:00:00Z' };
    server.script(unavailable, replyJson(200, agent));
    const client = createAgentClient({ provider: 'qoder', apiKey: 'k', baseUrl: server.url, maxRetries: 2 });
    await expect(client.archive(ID)).resolves.toMatchObject({ state: 'archived', agent: { archived: true } });
    expect(server.requests.map((r) => r.method)).toEqual(['POST', 'POST']);
  });

  // A custom provider whose archive is a POST with no declaration: judged by its method, not idempotent.
  const custom: ProviderDefinition = {
    name: 'custom',
    defaultBaseUrl: 'https://example.invalid',
    operations: { archive: ['post', '/agents/{id}/archive'] },
    parseError: () => ({}),
    async archive(ctx, agentId) {
      await ctx.client.POST('/agents/{id}/archive', { params: { path: { id: agentId } } });
      return { provider: 'custom', agentId, state: 'archived' };
    },
  };
  const customClient = (extra: object = {}) =>
    createAgentClient({ provider: custom, apiKey: 'k', baseUrl: server.url, maxRetries: 2, ...extra });

  test('an undeclared POST is not sent again after a 503: one request, ServerError', async () => {
    server.script(unavailable, replyJson(200, {}));
    await expect(customClient().archive(ID)).rejects.toBeInstanceOf(ServerError);
    expect(server.requests).toHaveLength(1);
  });

  test('an undeclared POST is not sent again after a reset', async () => {
    server.script(resetBeforeHeaders, replyJson(200, {}));
    await expect(customClient().archive(ID)).rejects.toMatchObject({ name: 'ConnectionError' });
    expect(server.requests).toHaveLength(1);
  });

  test('an undeclared POST is not sent again after a timeout', async () => {
    server.script(hang, replyJson(200, {}));
    await expect(customClient({ timeoutMs: 300 }).archive(ID)).rejects.toBeInstanceOf(TimeoutError);
    expect(server.requests).toHaveLength(1);
  });

  test('an undeclared POST is retried after a 429: the server did not process it', async () => {
    server.script(replyJson(429, {}, { 'retry-after': '0' }), replyJson(200, {}));
    await expect(customClient().archive(ID)).resolves.toMatchObject({ state: 'archived' });
    expect(server.requests).toHaveLength(2);
  });

  test('an undeclared POST is retried when the connection was refused (never sent)', async () => {
    let calls = 0;
    const fetch = async (request: Request) => {
      if (++calls === 1) {
        throw new TypeError('fetch failed', { cause: Object.assign(new Error('connect'), { code: 'ECONNREFUSED' }) });
      }
      return globalThis.fetch(request);
    };
    server.script(replyJson(200, {}));
    await expect(customClient({ fetch }).archive(ID)).resolves.toMatchObject({ state: 'archived' });
    expect(calls).toBe(2);
    expect(server.requests).toHaveLength(1);
  });
});

describe('per-call override', () => {
  test('retry: false makes one attempt, whatever the answer', async () => {
    server.script(unavailable, ayraNotFound);
    await expect(ayra().delete(ID, { retry: false })).rejects.toBeInstanceOf(ServerError);
    expect(server.requests).toHaveLength(1);
  });

  test('retry: false on a list', async () => {
    server.script(unavailable, replyJson(200, { data: [], page: 1, per_page: 25, has_more: false }));
    await expect(ayra().list({ retry: false })).rejects.toBeInstanceOf(ServerError);
    expect(server.requests).toHaveLength(1);
  });

  test('shouldRetry sees each failed attempt and decides; maxRetries still bounds it', async () => {
    server.script(replyJson(400, { error: { type: 'invalid', message: 'odd' } }));
    const seen: Array<[number, number | undefined]> = [];
    const shouldRetry = (attempt: number, response: Response | undefined) => {
      seen.push([attempt, response?.status]);
      return true;
    };
    await expect(ayra().archive(ID, { shouldRetry, maxRetries: 2 })).rejects.toMatchObject({ status: 400 });
    expect(seen).toEqual([
      [1, 400],
      [2, 400],
    ]);
    expect(server.requests).toHaveLength(3);
  });

  test('shouldRetry returning false stops after a 503', async () => {
    server.script(unavailable, replyJson(200, { id: ID, name: 'a', status: 'archived' }));
    await expect(ayra().archive(ID, { shouldRetry: () => false })).rejects.toBeInstanceOf(ServerError);
    expect(server.requests).toHaveLength(1);
  });

  test('a shouldRetry that throws means no retry, not a crash', async () => {
    server.script(unavailable, replyJson(200, { id: ID, name: 'a', status: 'archived' }));
    const shouldRetry = () => {
      throw new Error('boom');
    };
    await expect(ayra().archive(ID, { shouldRetry })).rejects.toBeInstanceOf(ServerError);
    expect(server.requests).toHaveLength(1);
  });

  test.each([
    [{ retry: 'no' }, 'retry must be a boolean'],
    [{ shouldRetry: 1 }, 'shouldRetry must be a function'],
  ])('%o is refused before any request', async (options, message) => {
    const error = await ayra()
      .archive(ID, options as never)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as Error).message).toContain(message);
    expect(server.requests).toHaveLength(0);
  });
});

describe('a 2xx state change with an unreadable body', () => {
  test('ayra archive 200 with a body that is not JSON: archived, bodyUnreadable', async () => {
    server.script(reply(200, '<html>oops', { 'content-type': 'application/json', 'x-request-id': 'req_9' }));
    const result = await ayra().archive(ID);
    expect(result).toEqual({
      provider: 'ayra',
      agentId: ID,
      state: 'archived',
      bodyUnreadable: true,
      requestId: 'req_9',
    });
  });

  test('qoder archive 200 with a truncated JSON body: archived, bodyUnreadable', async () => {
    server.script(reply(200, '{"id": "agent_', { 'content-type': 'application/json' }));
    const client = createAgentClient({ provider: 'qoder', apiKey: 'k', baseUrl: server.url });
    await expect(client.archive(ID)).resolves.toEqual({
      provider: 'qoder',
      agentId: ID,
      state: 'archived',
      bodyUnreadable: true,
    });
  });

  test('get with an unreadable body still rejects', async () => {
    server.script(reply(200, 'nope', { 'content-type': 'application/json' }));
    const client = createAgentClient({ provider: 'qoder', apiKey: 'k', baseUrl: server.url });
    await expect(client.get(ID)).rejects.toMatchObject({ name: 'InvalidResponseError' });
  });
});

describe('retry-policy', () => {
  const res = (status: number) => new Response(null, { status });
  const refused = new TypeError('fetch failed', { cause: Object.assign(new Error('x'), { code: 'ECONNREFUSED' }) });
  const reset = new TypeError('fetch failed', { cause: Object.assign(new Error('x'), { code: 'ECONNRESET' }) });

  test('mayHaveReachedServer: 5xx, reset, timeout yes; 408/429/4xx and a refused connection no', () => {
    expect([500, 503, 408, 429, 404].map((s) => mayHaveReachedServer(res(s), undefined))).toEqual([
      true,
      true,
      false,
      false,
      false,
    ]);
    expect(mayHaveReachedServer(undefined, reset)).toBe(true);
    expect(mayHaveReachedServer(undefined, new TimeoutError('t'))).toBe(true);
    expect(mayHaveReachedServer(undefined, refused)).toBe(false);
  });

  test('defaultShouldRetry: idempotent retries 408/429/5xx/failures; non-idempotent only unprocessed', () => {
    const statuses = [408, 429, 500, 503, 404, 409];
    expect(statuses.map((s) => defaultShouldRetry(true, res(s), undefined))).toEqual([
      true,
      true,
      true,
      true,
      false,
      false,
    ]);
    expect(statuses.map((s) => defaultShouldRetry(false, res(s), undefined))).toEqual([
      true,
      true,
      false,
      false,
      false,
      false,
    ]);
    expect([defaultShouldRetry(true, undefined, reset), defaultShouldRetry(false, undefined, reset)]).toEqual([
      true,
      false,
    ]);
    expect(defaultShouldRetry(false, undefined, refused)).toBe(true);
  });
});
