// Hostile client options: each is refused by createAgentClient with InvalidInputError, synchronously,
// before anything could reach the network. A few near-misses that must be accepted keep the checks honest.
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { createAgentClient, InvalidInputError, type ProviderDefinition, TimeoutError } from '../../src/index.js';
import { delayed, type LoopbackServer, replyJson, startServer } from '../helpers/loopback-server.js';
import { archiveSuccessBody } from '../helpers/vendors.js';

const base = { provider: 'qoder', apiKey: 'sk_test_options', baseUrl: 'https://api.example.com/v1' } as const;

const BAD: [string, Record<string, unknown>][] = [
  ...[-1, 0, -0.5, NaN, Infinity, -Infinity, '100', '', true, {}, [], null].map(
    (v): [string, Record<string, unknown>] => [`timeoutMs ${String(v)} (${typeof v})`, { timeoutMs: v }],
  ),
  ...[-1, 1.5, NaN, Infinity, -Infinity, '2', true, {}, null].map((v): [string, Record<string, unknown>] => [
    `maxRetries ${String(v)} (${typeof v})`,
    { maxRetries: v },
  ]),
  ...[
    'not a url',
    '',
    '   ',
    '/relative/path',
    '//api.example.com',
    'api.example.com',
    'javascript:alert(1)',
    'JavaScript:alert(1)',
    'file:///etc/passwd',
    'data:text/plain,hi',
    'ftp://api.example.com',
    'ws://127.0.0.1:1',
    'http://api.example.com',
    'http://10.0.0.1',
    'http://0.0.0.0',
    'http://127.0.0.1.evil.example',
    'http://localhost.evil.example',
    'https://user:pass@api.example.com',
    'https://api.example.com/v1?x=1',
    'https://api.example.com/v1#frag',
    'https://exa mple.com',
  ].map((v): [string, Record<string, unknown>] => [`baseUrl ${JSON.stringify(v)}`, { baseUrl: v }]),
  ['baseUrl number', { baseUrl: 443 }],
  ['baseUrl URL object', { baseUrl: new URL('https://api.example.com') }],
  [
    'baseUrl null',
    { baseUrl: null, provider: { name: 'custom', defaultBaseUrl: undefined, operations: {}, parseError: () => ({}) } },
  ],
  ['baseUrl null (a vendor with a default)', { baseUrl: null }],
  ['apiKey missing', { apiKey: undefined }],
  ['apiKey empty', { apiKey: '' }],
  ['apiKey whitespace', { apiKey: '  \t ' }],
  ['apiKey number', { apiKey: 12345 }],
  ['apiKey null', { apiKey: null }],
  ['apiKey {toString}', { apiKey: { toString: () => 'sk_x' } }],
  ['apiKey array', { apiKey: ['sk_x'] }],
  ['apiKey with LF', { apiKey: 'sk_x\nX-Evil: 1' }],
  ['apiKey with CRLF', { apiKey: 'sk_x\r\n' }],
  ['apiKey with NUL', { apiKey: 'sk_\u0000x' }],
  ['provider unknown', { provider: 'openai' }],
  ['provider empty', { provider: '' }],
  ['provider wrong case', { provider: 'Smallest' }],
  ['provider __proto__', { provider: '__proto__' }],
  ['provider constructor', { provider: 'constructor' }],
  ['provider toString', { provider: 'toString' }],
  ['provider hasOwnProperty', { provider: 'hasOwnProperty' }],
  ['provider null', { provider: null }],
  ['provider undefined', { provider: undefined }],
  ['provider number', { provider: 1 }],
  ['fetch not a function', { fetch: 'fetch' }],
  ['logger a string', { logger: 'console' }],
  ['logger null', { logger: null }],
];

describe('bad options: InvalidInputError from createAgentClient', () => {
  test.each(BAD)('%s', (_label, override) => {
    expect(() => createAgentClient({ ...base, ...override } as never)).toThrow(InvalidInputError);
  });

  test.each([[null], [undefined], ['qoder'], [42]])('options %j', (options) => {
    expect(() => createAgentClient(options as never)).toThrow(InvalidInputError);
  });

  test('the error never echoes a rejected apiKey', () => {
    try {
      createAgentClient({ ...base, apiKey: 'sk_live_ECHO_me\n' });
      expect.unreachable();
    } catch (error) {
      expect((error as Error).message).not.toContain('sk_live_ECHO_me');
    }
  });
});

describe('near misses that must be accepted', () => {
  test.each([
    ['http loopback 127.0.0.1', { baseUrl: 'http://127.0.0.1:8080/v1' }],
    ['http localhost', { baseUrl: 'http://localhost:8080' }],
    ['http [::1]', { baseUrl: 'http://[::1]:8080' }],
    ['http non-loopback with allowInsecureHttp', { baseUrl: 'http://api.example.com', allowInsecureHttp: true }],
    ['trailing slash', { baseUrl: 'https://api.example.com/v1/' }],
    ['maxRetries 0', { maxRetries: 0 }],
    ['timeoutMs 1', { timeoutMs: 1 }],
  ])('%s', (_label, override) => {
    expect(createAgentClient({ ...base, ...override }).provider).toBe('qoder');
  });
});

// Options at the edges: values the transport or Headers cannot take must fail clearly, or be clamped.
describe('options at the edges', () => {
  let server: LoopbackServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => {
    await server.close();
  });
  beforeEach(() => {
    server.requests.length = 0;
  });

  // setTimeout overflows past 2^31-1 ms (to 1 ms!); the client must clamp or refuse, not time out at once.
  test('timeoutMs 2^31 (~25 days): a 50 ms answer is not a timeout', async () => {
    server.script(delayed(50, replyJson(200, archiveSuccessBody('qoder', 'a'))));
    const client = createAgentClient({ ...base, baseUrl: server.url, timeoutMs: 2 ** 31, maxRetries: 0 });
    const outcome = await client.archive('a').catch((e: unknown) => e);
    expect(outcome).not.toBeInstanceOf(TimeoutError);
    expect(outcome).toMatchObject({ state: 'archived' });
  });

  test('provider {} (not a ProviderDefinition): InvalidInputError at creation or on call', async () => {
    let error: unknown;
    try {
      await createAgentClient({ ...base, provider: {} as ProviderDefinition, baseUrl: server.url }).archive('a');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidInputError);
  });

  // Beyond U+00FF a key cannot be a header value; say so instead of a bare TypeError from Headers.
  test('apiKey with non-Latin-1 characters: InvalidInputError, not a TypeError on every call', async () => {
    let error: unknown;
    try {
      await createAgentClient({ ...base, apiKey: 'sk_ключ', baseUrl: server.url }).archive('a');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidInputError);
  });

  test.each(['sk_ключ', 'sk_\u2028x', 'sk_😀'])(
    'apiKey %j: refused at creation, so no request can be sent',
    (apiKey) => {
      expect(() => createAgentClient({ ...base, apiKey, baseUrl: server.url })).toThrow(InvalidInputError);
      expect(server.requests).toHaveLength(0);
    },
  );
});
