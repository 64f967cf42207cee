import { describe, expect, it, vi } from 'vitest';
import { createAgentClient, InvalidInputError } from '../../src/index.js';
import { client, type Handler, json, KEY, recorder, rejection } from '../helpers/fetch-stubs.js';

const okAgent = json(200, { type: 'agent', id: 'x', name: 'n', archived: false, archived_at: null });

describe('ids', () => {
  const bad: Array<[string, unknown]> = [
    ['empty', ''],
    ['a number', 42],
    ['undefined', undefined],
    ['null', null],
    ['an object', { id: 'a' }],
    ['a newline', 'agent\n1'],
    ['a CR', 'agent\r1'],
    ['a NUL', 'agent\u00001'],
    ['a tab', 'agent\t1'],
    ['DEL', 'agent\u007f'],
    ['a C1 control', 'agent\u0085'],
    ['"."', '.'],
    ['".."', '..'],
  ];
  for (const [label, id] of bad) {
    it(`refuses ${label} before any request, for every operation`, async () => {
      const { fetch, calls } = recorder(okAgent);
      const smallest = client('smallest', fetch);
      const qoder = client('qoder', fetch);
      const ayra = client('ayra', fetch);
      const attempts = [
        smallest.archive(id as string),
        smallest.unarchive(id as string),
        smallest.discardDraft(id as string, 'draft'),
        smallest.discardDraft('agent', id as string),
        qoder.archive(id as string),
        qoder.get(id as string),
        ayra.archive(id as string),
        ayra.unarchive(id as string),
        ayra.delete(id as string),
      ];
      for (const attempt of attempts) expect(await rejection(attempt)).toBeInstanceOf(InvalidInputError);
      expect(calls).toHaveLength(0);
    });
  }

  it('error messages name the parameter but never echo the value', async () => {
    const error = await rejection(client('qoder', recorder(okAgent).fetch).get(`${KEY}\n`));
    expect(error.message).toBe('agentId must not contain control characters');
    const draft = await rejection(client('smallest', recorder(okAgent).fetch).discardDraft('a', ''));
    expect(draft.message).toBe('draftId must not be empty');
  });
});

describe('path encoding: ids cannot reach another route', () => {
  const cases: Array<[string, string]> = [
    ['a/b', 'a%2Fb'],
    ['a?b', 'a%3Fb'],
    ['a#b', 'a%23b'],
    ['%2F', '%252F'], // encoded once by openapi-fetch, never twice, never decoded
    ['../admin', '..%2Fadmin'],
    ['%2e%2e', '%252e%252e'],
    ['a b', 'a%20b'],
    ['agent_é', 'agent_%C3%A9'],
    ['...', '...'],
  ];
  for (const [id, encoded] of cases) {
    it(`${JSON.stringify(id)} -> ${encoded}`, async () => {
      const { fetch, calls } = recorder(okAgent);
      await client('qoder', fetch).get(id);
      expect(calls[0]!.url).toBe(`https://api.qoder.com/api/v1/cloud/agents/${encoded}`);
      expect(new URL(calls[0]!.url).pathname).toBe(`/api/v1/cloud/agents/${encoded}`);
    });
  }

  it('both Smallest segments are encoded and the query stays intact', async () => {
    const { fetch, calls } = recorder(json(200, { status: true, data: null }));
    await client('smallest', fetch).discardDraft('a/b', 'c?on=false#x');
    expect(calls[0]!.url).toBe('https://api.smallest.ai/atoms/v1/agent/a%2Fb/drafts/c%3Fon%3Dfalse%23x');
    const archive = recorder(json(200, { status: true, data: { message: 'Agent archived' } }));
    await client('smallest', archive.fetch).archive('x?on=false');
    expect(archive.calls[0]!.url).toBe('https://api.smallest.ai/atoms/v1/agent/x%3Fon%3Dfalse/archive?on=true');
  });
});

describe('options', () => {
  const base = { provider: 'qoder' as const, apiKey: KEY };
  const invalid: Array<[string, Record<string, unknown>]> = [
    ['missing apiKey', { apiKey: undefined }],
    ['empty apiKey', { apiKey: '' }],
    ['blank apiKey', { apiKey: '   ' }],
    ['non-string apiKey', { apiKey: 123 }],
    ['apiKey with CRLF', { apiKey: `${KEY}\r\nX-Evil: 1` }],
    ['unknown provider', { provider: 'acme' }],
    ['inherited provider name', { provider: 'toString' }],
    ['non-URL baseUrl', { baseUrl: 'not a url' }],
    ['relative baseUrl', { baseUrl: '/v1' }],
    ['ftp baseUrl', { baseUrl: 'ftp://api.example.com' }],
    ['http to a remote host', { baseUrl: 'http://api.example.com/v1' }],
    ['http to a host that merely starts with 127', { baseUrl: 'http://127.example.com' }],
    ['baseUrl with a query', { baseUrl: 'https://api.example.com/v1?x=1' }],
    ['baseUrl with credentials', { baseUrl: 'https://user:pw@api.example.com' }],
    ['negative timeoutMs', { timeoutMs: -1 }],
    ['zero timeoutMs', { timeoutMs: 0 }],
    ['NaN timeoutMs', { timeoutMs: Number.NaN }],
    ['infinite timeoutMs', { timeoutMs: Number.POSITIVE_INFINITY }],
    ['string timeoutMs', { timeoutMs: '1000' }],
    ['negative maxRetries', { maxRetries: -1 }],
    ['fractional maxRetries', { maxRetries: 1.5 }],
    ['infinite maxRetries', { maxRetries: Number.POSITIVE_INFINITY }],
    ['non-function fetch', { fetch: 'fetch' }],
    ['non-object logger', { logger: 'console' }],
  ];
  for (const [label, patch] of invalid) {
    it(`refuses ${label} at construction`, () => {
      expect(() => createAgentClient({ ...base, ...patch } as never)).toThrow(InvalidInputError);
    });
  }

  it('refuses non-object options', () => {
    expect(() => createAgentClient(undefined as never)).toThrow(InvalidInputError);
  });

  const allowed = [
    'http://localhost:4010',
    'http://127.0.0.1:4010',
    'http://[::1]:4010',
    'http://127.1.2.3',
    'https://api.example.com/v1/',
  ];
  for (const baseUrl of allowed) {
    it(`accepts ${baseUrl}`, () => {
      expect(createAgentClient({ ...base, baseUrl }).provider).toBe('qoder');
    });
  }

  it('a refusal names its option and what lifts it, as fields (no message parsing)', () => {
    const refused = (() => {
      try {
        createAgentClient({ ...base, baseUrl: 'http://mock.internal:4010/' });
      } catch (error) {
        return error;
      }
    })() as InvalidInputError;
    expect(refused).toBeInstanceOf(InvalidInputError);
    expect(refused).toMatchObject({ option: 'baseUrl', override: 'allowInsecureHttp' });
    expect(refused.reason).toBe('baseUrl uses http:// to a non-loopback host; the API key would be sent in clear');
    expect(refused.message).toBe(`${refused.reason} (set allowInsecureHttp to override)`);
    expect(JSON.parse(JSON.stringify(refused))).toEqual({
      name: 'InvalidInputError',
      message: refused.message,
      option: 'baseUrl',
      override: 'allowInsecureHttp',
    });
    expect(() => createAgentClient({ ...base, timeoutMs: -1 })).toThrow(
      expect.objectContaining({ option: 'timeoutMs', message: 'timeoutMs must be a finite number > 0' }),
    );
  });

  it('allowInsecureHttp permits http to any host', async () => {
    const { fetch, calls } = recorder(okAgent);
    await createAgentClient({ ...base, fetch, baseUrl: 'http://mock.internal:4010/', allowInsecureHttp: true }).get(
      'a',
    );
    expect(calls[0]!.url).toBe('http://mock.internal:4010/agents/a');
  });

  it('list options are checked before any request', async () => {
    const { fetch, calls } = recorder(okAgent);
    const c = client('qoder', fetch);
    for (const options of [
      { limit: 0 },
      { limit: 1.5 },
      { limit: -3 },
      { cursor: '' },
      { cursor: 'a\nb' },
      { includeArchived: 'yes' },
      'x',
    ]) {
      expect(await rejection(c.list(options as never))).toBeInstanceOf(InvalidInputError);
    }
    expect(calls).toHaveLength(0);
  });
});

describe('inputs that would otherwise fail inside the runtime', () => {
  it('ids with lone surrogates are refused (encodeURIComponent would throw a URIError)', async () => {
    const { fetch, calls } = recorder(okAgent);
    const c = client('qoder', fetch);
    for (const id of ['a\uD800', '\uDC00b', 'x\uDBFF\uDBFF'])
      expect(await rejection(c.get(id))).toBeInstanceOf(InvalidInputError);
    expect(await rejection(c.list({ cursor: 'c\uD800' }))).toBeInstanceOf(InvalidInputError);
    // A proper pair is fine.
    await c.get('agent_😀');
    expect(calls.map((r) => r.url)).toEqual(['https://api.qoder.com/api/v1/cloud/agents/agent_%F0%9F%98%80']);
  });

  it('an apiKey that cannot be a header value fails at construction', () => {
    expect(() => createAgentClient({ provider: 'qoder', apiKey: 'sk_ключ' })).toThrow(InvalidInputError);
  });

  it('a custom provider that is not a ProviderDefinition fails at construction', () => {
    expect(() => createAgentClient({ provider: {} as never, apiKey: KEY })).toThrow(InvalidInputError);
    expect(() =>
      createAgentClient({ provider: { name: 'x', defaultBaseUrl: 'https://x', operations: {} } as never, apiKey: KEY }),
    ).toThrow(InvalidInputError);
  });

  it('timeoutMs beyond the timer range is clamped, not overflowed to 1 ms', async () => {
    vi.useFakeTimers();
    try {
      const slow: Handler = () =>
        new Promise((resolve) => setTimeout(() => resolve(okAgent(new Request('http://x'), 0)), 50));
      const pending = client('qoder', recorder(slow).fetch, { timeoutMs: 2 ** 31 }).get('a');
      await vi.advanceTimersByTimeAsync(50);
      await expect(pending).resolves.toMatchObject({ id: 'x' });
    } finally {
      vi.useRealTimers();
    }
  });
});
