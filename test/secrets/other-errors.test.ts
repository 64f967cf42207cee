// The key never leaks through the non-HTTP errors (connection, timeout, abort, invalid input,
// unsupported), through causes a custom fetch attaches, or when the key has awkward characters.
import { inspect } from 'node:util';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import {
  AbortError,
  type AgentClient,
  AuthenticationError,
  ConnectionError,
  createAgentClient,
  type FetchLike,
  InvalidInputError,
  TimeoutError,
  UnsupportedOperationError,
} from '../../src/index.js';
import { echoCredentials } from '../helpers/echo.js';
import { errorSurfaces, KEY, KEY_CORE, leakingSurfaces, recordingLogger } from '../helpers/leaks.js';
import { hang, type LoopbackServer, resetBeforeHeaders, startServer } from '../helpers/loopback-server.js';
import { boundOperations, change, rejection, VENDORS, type Vendor } from '../helpers/vendors.js';

const ALL_OPERATIONS = ['archive', 'unarchive', 'delete', 'discardDraft', 'get', 'list'] as const;

let server: LoopbackServer;
beforeEach(async () => {
  server = await startServer();
});
afterEach(async () => {
  await server.close();
});

/** Asserts no surface of `error` (nor the log) carries the key, whole or cut. */
function expectClean(error: unknown, logLines: string[] = []): void {
  const surfaces = { ...errorSurfaces(error), logger: logLines.join('\n') };
  expect(leakingSurfaces(surfaces, KEY)).toEqual([]);
  expect(leakingSurfaces(surfaces, KEY_CORE)).toEqual([]);
}

const client = (vendor: Vendor, extra: Record<string, unknown> = {}) =>
  createAgentClient({
    provider: vendor,
    apiKey: KEY,
    baseUrl: server.url,
    maxRetries: 1,
    timeoutMs: 200,
    ...extra,
  });

describe.each(VENDORS)('%s: non-HTTP error classes', (vendor) => {
  test('ConnectionError (socket reset), after a retry, with a logger', async () => {
    server.script(resetBeforeHeaders);
    const { logger, lines } = recordingLogger();
    const error = await rejection(change(client(vendor, { logger }), vendor, 'a'));
    expect(error).toBeInstanceOf(ConnectionError);
    expect(server.requests).toHaveLength(2);
    expect(server.requests[0]!.headers.authorization).toBe(`Bearer ${KEY}`);
    expectClean(error, lines);
  });

  test('TimeoutError (server never answers), with a logger', async () => {
    server.script(hang);
    const { logger, lines } = recordingLogger();
    const error = await rejection(change(client(vendor, { logger }), vendor, 'a'));
    expect(error).toBeInstanceOf(TimeoutError);
    expectClean(error, lines);
  });

  test('AbortError (caller aborts mid-request)', async () => {
    server.script(hang);
    const controller = new AbortController();
    const call = change(client(vendor, { timeoutMs: 5_000 }), vendor, 'a', { signal: controller.signal });
    await server.waitForRequests(1);
    controller.abort();
    const error = await rejection(call);
    expect(error).toBeInstanceOf(AbortError);
    expectClean(error);
  });

  test('InvalidInputError (bad id), no request', async () => {
    const error = await rejection(change(client(vendor), vendor, '..'));
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(server.requests).toHaveLength(0);
    expectClean(error);
  });

  test('InvalidInputError (bad option at creation, key present)', () => {
    let error: unknown;
    try {
      createAgentClient({ provider: vendor, apiKey: KEY, timeoutMs: -1 });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidInputError);
    expectClean(error);
  });

  test('UnsupportedOperationError', async () => {
    const lacking = ALL_OPERATIONS.find((op) => !boundOperations(vendor).includes(op));
    if (!lacking) return; // a vendor with every operation has nothing to refuse
    const call = (client(vendor) as unknown as AgentClient)[lacking] as (...args: string[]) => Promise<unknown>;
    const error = await rejection(call('a', 'b'));
    expect(error).toBeInstanceOf(UnsupportedOperationError);
    expectClean(error);
  });

  test('the client object itself does not show the key when inspected', () => {
    const text = inspect(client(vendor), { depth: 10, showHidden: true }) + JSON.stringify(client(vendor));
    expect(text).not.toContain(KEY);
  });
});

describe.each(VENDORS)('%s: causes from a custom fetch that carry the key', (vendor) => {
  const auth = (r: Request) => String(r.headers.get('authorization'));
  const throwing =
    (make: (r: Request) => unknown): FetchLike =>
    async (r) => {
      throw make(r);
    };

  test('in the message: replaced by a redacted cause', async () => {
    const error = await rejection(
      change(client(vendor, { fetch: throwing((r) => new Error(`proxy refused ${auth(r)}`)) }), vendor, 'a'),
    );
    expect(error).toBeInstanceOf(ConnectionError);
    expectClean(error);
  });

  // Was a bug: safeCause checked only the cause's own message/stack; a nested cause kept the key.
  test('in a nested cause', async () => {
    const make = (r: Request) => new TypeError('fetch failed', { cause: new Error(`upstream said ${auth(r)}`) });
    const error = await rejection(change(client(vendor, { fetch: throwing(make) }), vendor, 'a'));
    expect(error).toBeInstanceOf(ConnectionError);
    expectClean(error);
  });

  // Was a bug: safeCause kept a cause whose properties (e.g. headers, the Request) held the key.
  test('in a property of the cause (an axios-style error with request headers)', async () => {
    const make = (r: Request) =>
      Object.assign(new Error('network down'), { config: { headers: { Authorization: auth(r) } } });
    const error = await rejection(change(client(vendor, { fetch: throwing(make) }), vendor, 'a'));
    expect(error).toBeInstanceOf(ConnectionError);
    expectClean(error);
  });

  // Was a bug: safeCause kept a cause that held the Request (ky/got style); inspect showed its Authorization.
  test('in the Request attached to the cause', async () => {
    const error = await rejection(
      change(
        client(vendor, { fetch: throwing((r) => Object.assign(new Error('network down'), { request: r })) }),
        vendor,
        'a',
      ),
    );
    expect(error).toBeInstanceOf(ConnectionError);
    expectClean(error);
  });

  test('the safe cause chain keeps the redacted messages, names, codes and the TypeError class', async () => {
    const make = (r: Request) =>
      new TypeError('fetch failed', {
        cause: Object.assign(new Error(`connect ECONNREFUSED ${auth(r)}`), { code: 'ECONNREFUSED', request: r }),
      });
    const error = (await rejection(
      change(client(vendor, { fetch: throwing(make), maxRetries: 0 }), vendor, 'a'),
    )) as ConnectionError;
    const cause = error.cause as TypeError & { cause: Error & { code?: string } };
    expect(cause).toBeInstanceOf(TypeError);
    expect(cause.message).toBe('fetch failed');
    expect(cause.cause.message).toBe('connect ECONNREFUSED Bearer ***');
    expect(cause.cause.code).toBe('ECONNREFUSED');
    expect(cause.cause).not.toHaveProperty('request');
    expectClean(error);
  });

  test('a thrown non-Error (a string with the key)', async () => {
    const error = await rejection(
      change(client(vendor, { fetch: throwing((r) => `failed: ${auth(r)}`) }), vendor, 'a'),
    );
    expect(error).toBeInstanceOf(ConnectionError);
    expectClean(error);
  });
});

describe('keys with awkward characters', () => {
  // Each is a valid header value; the leak check also looks for the JSON- and inspect-escaped forms.
  const KEYS = [
    'sk_live_SECRET_canary_123+/==',
    `sk_live_"SECRET"\\canary'123`,
    'sk live SECRET canary 123',
    'sk_live_SECRET%0Acanary%0D123',
    'sk_live_SECRET_canary_\u00e9\u00a0123',
    'sk_live_SECRET_canary_123_'.repeat(40),
  ];
  const forms = (key: string) => [key, JSON.stringify(key).slice(1, -1), inspect(key).slice(1, -1)];

  test.each(KEYS)('%s: echoed by a 401, appears in no surface in any encoding', async (key) => {
    server.script(echoCredentials('qoder', 401));
    const { logger, lines } = recordingLogger();
    const error = await rejection(
      createAgentClient({ provider: 'qoder', apiKey: key, baseUrl: server.url, maxRetries: 0, logger }).archive('a'),
    );
    expect(error).toBeInstanceOf(AuthenticationError);
    const surfaces = { ...errorSurfaces(error), logger: lines.join('\n') };
    for (const form of forms(key)) expect(leakingSurfaces(surfaces, form)).toEqual([]);
  });

  // Beyond Latin-1 a key cannot be a header value: whatever is thrown must not quote it.
  test.each(['sk_live_SECRET_canary_ключ', 'sk_live_SECRET\u2028canary_123', 'sk_live_SECRET_canary_😀'])(
    '%s: no request, no echo of the key',
    async (key) => {
      let error: unknown;
      try {
        await createAgentClient({ provider: 'qoder', apiKey: key, baseUrl: server.url, maxRetries: 0 }).archive('a');
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(Error);
      expect(server.requests).toHaveLength(0);
      for (const form of forms(key)) expect(leakingSurfaces(errorSurfaces(error), form)).toEqual([]);
    },
  );
});
