// Client conveniences (issue 24): headers per client and per call on every attempt, the API key from
// the CLI's environment variable, `.withResponse()` on every method, and per-attempt onRequest/onResponse.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { apiKeyEnvName } from '../../src/core/api-key-env.js';
import { createAgentClient, InvalidInputError, NotFoundError, ServerError } from '../../src/index.js';
import { createQoderClient } from '../../src/qoder-client.js';
import { replyJson, withServer } from '../helpers/loopback-server.js';
import { qoderAgent } from '../helpers/qoder-replies.js';

const KEY = 'sk-test-conveniences-0123456789';
const ID = 'agent_1';
const busy = replyJson(503, { type: 'error', error: { type: 'api_error', message: 'busy' } }, { 'retry-after': '0' });
const agent = replyJson(200, qoderAgent(ID), { 'x-request-id': 'req_ok' });

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('headers', () => {
  it('client and call headers reach the server on every attempt; the call wins, the key wins Authorization', async () => {
    await withServer(async (server) => {
      server.script(busy, agent);
      const client = createQoderClient({
        apiKey: KEY,
        baseUrl: server.url,
        headers: { 'X-Team': 'client', 'X-Trace': 'client', Authorization: 'Bearer not-ours' },
      });
      await client.archive(ID, {
        headers: [
          ['x-trace', 'call'],
          ['authorization', 'Bearer nor-this'],
        ],
      });
      expect(server.requests).toHaveLength(2);
      for (const seen of server.requests) {
        expect(seen.headers['x-team']).toBe('client');
        expect(seen.headers['x-trace']).toBe('call');
        expect(seen.headers.authorization).toBe(`Bearer ${KEY}`);
      }
    });
  });

  it('a call without headers sends the client’s; another call’s headers do not leak into it', async () => {
    await withServer(async (server) => {
      server.script(agent);
      const client = createQoderClient({ apiKey: KEY, baseUrl: server.url, headers: new Headers({ 'x-a': '1' }) });
      await client.get(ID, { headers: { 'x-b': '2' } });
      await client.get(ID);
      expect(server.requests[0]!.headers).toMatchObject({ 'x-a': '1', 'x-b': '2' });
      expect(server.requests[1]!.headers['x-a']).toBe('1');
      expect(server.requests[1]!.headers['x-b']).toBeUndefined();
    });
  });

  it('list pages and raw calls carry them too', async () => {
    await withServer(async (server) => {
      server.script(
        replyJson(200, { data: [qoderAgent('a')], has_more: true, last_id: 'a' }),
        replyJson(200, { data: [qoderAgent('b')], has_more: false, last_id: 'b' }),
      );
      const client = createQoderClient({ apiKey: KEY, baseUrl: server.url, headers: { 'x-a': '1' } });
      const ids: string[] = [];
      for await (const a of client.list({ headers: { 'x-b': '2' } })) ids.push(a.id);
      expect(ids).toEqual(['a', 'b']);
      for (const seen of server.requests) expect(seen.headers).toMatchObject({ 'x-a': '1', 'x-b': '2' });
      // A call option, not a query parameter.
      expect(server.requests[0]!.url).not.toMatch(/headers/);
      await client.raw.GET('/agents/{agent_id}', { params: { path: { agent_id: ID } } });
      expect(server.requests[2]!.headers['x-a']).toBe('1');
    });
  });

  it('a bad header is a typed error that does not quote the value', async () => {
    expect(() => createQoderClient({ apiKey: KEY, headers: { 'x-a': `${KEY}\r\nx: y` } })).toThrow(InvalidInputError);
    expect(() => createQoderClient({ apiKey: KEY, headers: 'x-a: 1' as never })).toThrow(/headers must be an object/);
    const client = createQoderClient({ apiKey: KEY, fetch: () => Promise.reject(new Error('not sent')) });
    const error = await client.get(ID, { headers: { 'bad name': KEY } }).catch((e: unknown) => e as Error);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as Error).message).not.toContain(KEY);
  });
});

describe('apiKey from the environment', () => {
  it('uses AGENT_LIFECYCLE_<VENDOR>_API_KEY, the variable the CLI reads', async () => {
    expect(apiKeyEnvName('qoder')).toBe('AGENT_LIFECYCLE_QODER_API_KEY');
    expect(apiKeyEnvName('my-vendor')).toBe('AGENT_LIFECYCLE_MY_VENDOR_API_KEY');
    vi.stubEnv('AGENT_LIFECYCLE_QODER_API_KEY', KEY);
    await withServer(async (server) => {
      server.script(agent);
      await createAgentClient({ provider: 'qoder', baseUrl: server.url }).get(ID);
      await createQoderClient({ baseUrl: server.url }).get(ID);
      for (const seen of server.requests) expect(seen.headers.authorization).toBe(`Bearer ${KEY}`);
    });
  });

  it('an explicit apiKey wins over the variable', async () => {
    vi.stubEnv('AGENT_LIFECYCLE_QODER_API_KEY', 'from-env');
    await withServer(async (server) => {
      server.script(agent);
      await createQoderClient({ apiKey: KEY, baseUrl: server.url }).get(ID);
      expect(server.requests[0]!.headers.authorization).toBe(`Bearer ${KEY}`);
    });
  });

  it('when both are missing (or the variable is blank) the error names the variable', () => {
    vi.stubEnv('AGENT_LIFECYCLE_QODER_API_KEY', undefined);
    expect(() => createQoderClient({})).toThrow(
      new InvalidInputError('apiKey is required: pass apiKey or set AGENT_LIFECYCLE_QODER_API_KEY', {
        option: 'apiKey',
      }),
    );
    vi.stubEnv('AGENT_LIFECYCLE_AYRA_API_KEY', '  ');
    expect(() => createAgentClient({ provider: 'ayra' })).toThrow(/set AGENT_LIFECYCLE_AYRA_API_KEY$/);
  });

  it('a key from the environment is redacted like a given one', async () => {
    vi.stubEnv('AGENT_LIFECYCLE_QODER_API_KEY', KEY);
    await withServer(async (server) => {
      server.script(replyJson(404, { type: 'error', error: { type: 'not_found_error', message: `no ${KEY}` } }));
      const error = await createQoderClient({ baseUrl: server.url })
        .get(ID)
        .catch((e: unknown) => e as Error);
      expect(error).toBeInstanceOf(NotFoundError);
      expect(JSON.stringify(error) + String(error) + (error as Error).message).not.toContain(KEY);
    });
  });
});

describe('withResponse()', () => {
  it('gives the result and the last attempt’s Response, headers intact; plain await is unchanged', async () => {
    await withServer(async (server) => {
      server.script(busy, agent);
      const client = createQoderClient({ apiKey: KEY, baseUrl: server.url });
      const { data, response } = await client.archive(ID).withResponse();
      expect(data).toMatchObject({ provider: 'qoder', agentId: ID, state: 'archived', requestId: 'req_ok' });
      expect(response.status).toBe(200);
      expect(response.headers.get('x-request-id')).toBe('req_ok');
      expect(server.requests).toHaveLength(2);

      const plain = await client.archive(ID);
      expect(plain).toEqual(data);
      const got = await client.get(ID).withResponse();
      expect(got.data.id).toBe(ID);
      expect(got.response.headers.get('x-request-id')).toBe('req_ok');
    });
  });

  it('on list(): the first page with its Response; the promise still iterates', async () => {
    await withServer(async (server) => {
      server.script(
        replyJson(200, { data: [qoderAgent('a')], has_more: false, last_id: 'a' }, { 'x-request-id': 'L' }),
      );
      const client = createQoderClient({ apiKey: KEY, baseUrl: server.url });
      const { data, response } = await client.list().withResponse();
      expect(data.agents.map((a) => a.id)).toEqual(['a']);
      expect(response.headers.get('x-request-id')).toBe('L');
      const ids: string[] = [];
      for await (const a of client.list()) ids.push(a.id);
      expect(ids).toEqual(['a']);
    });
  });

  it('rejects with the typed error either way, and only once', async () => {
    const unhandled = vi.fn();
    process.on('unhandledRejection', unhandled);
    try {
      await withServer(async (server) => {
        server.script(busy);
        const client = createQoderClient({ apiKey: KEY, baseUrl: server.url, maxRetries: 0 });
        await expect(client.archive(ID).withResponse()).rejects.toBeInstanceOf(ServerError);
        await expect(client.archive(ID)).rejects.toBeInstanceOf(ServerError);
        // Let any unhandled rejection surface before checking.
        await new Promise((resolve) => setImmediate(resolve));
      });
      expect(unhandled).not.toHaveBeenCalled();
    } finally {
      process.off('unhandledRejection', unhandled);
    }
  });
});

describe('onRequest / onResponse', () => {
  it('see every attempt, retries included, and may set headers', async () => {
    await withServer(async (server) => {
      server.script(busy, agent);
      const seen: string[] = [];
      const client = createQoderClient({
        apiKey: KEY,
        baseUrl: server.url,
        onRequest(request, { attempt }) {
          seen.push(`request ${attempt} ${request.method} ${new URL(request.url).pathname}`);
          request.headers.set('x-attempt', String(attempt));
        },
        onResponse(response, { attempt, request }) {
          seen.push(`response ${attempt} ${response.status} ${request.headers.get('x-attempt')}`);
        },
      });
      await client.archive(ID);
      expect(seen).toEqual([
        `request 1 POST /agents/${ID}/archive`,
        'response 1 503 1',
        `request 2 POST /agents/${ID}/archive`,
        'response 2 200 2',
      ]);
      expect(server.requests.map((r) => r.headers['x-attempt'])).toEqual(['1', '2']);
    });
  });

  it('a hook that throws ends the call with its error, before anything is sent', async () => {
    await withServer(async (server) => {
      server.script(agent);
      const boom = new Error('refused by hook');
      const client = createQoderClient({
        apiKey: KEY,
        baseUrl: server.url,
        onRequest: () => {
          throw boom;
        },
      });
      await expect(client.get(ID)).rejects.toBe(boom);
      expect(server.requests).toHaveLength(0);
    });
    expect(() => createQoderClient({ apiKey: KEY, onResponse: 'x' as never })).toThrow(/onResponse must be a function/);
  });
});

describe('raw.use() middleware', () => {
  it('runs once per call of a façade method, above the retries', async () => {
    await withServer(async (server) => {
      server.script(busy, agent);
      const client = createQoderClient({ apiKey: KEY, baseUrl: server.url });
      const calls: string[] = [];
      client.raw.use({
        onRequest({ request }) {
          // A real Request (the façade hands openapi-fetch RequestParts only when no middleware sees it).
          calls.push(`request ${request.method} ${request instanceof Request}`);
          request.headers.set('x-from-middleware', 'yes');
          return request;
        },
        onResponse({ response }) {
          calls.push(`response ${response.status}`);
        },
      });
      await client.archive(ID);
      expect(calls).toEqual(['request POST true', 'response 200']);
      expect(server.requests.map((r) => r.headers['x-from-middleware'])).toEqual(['yes', 'yes']);
    });
  });

  it('may read the body of a façade call’s answer, or answer in its place; the result reads the same bytes', async () => {
    await withServer(async (server) => {
      server.script(agent, agent);
      const client = createQoderClient({ apiKey: KEY, baseUrl: server.url });
      const bodies: unknown[] = [];
      const reader = {
        onResponse: async ({ response }: { response: Response }) => void bodies.push(await response.clone().json()),
      };
      client.raw.use(reader);
      expect(await client.get(ID)).toMatchObject({ id: ID, raw: qoderAgent(ID) });
      expect(bodies).toEqual([qoderAgent(ID)]);

      // A middleware's own Response is what the façade reads.
      client.raw.eject(reader);
      client.raw.use({
        onResponse: () =>
          new Response(JSON.stringify(qoderAgent('agent_2')), { headers: { 'content-type': 'application/json' } }),
      });
      expect(await client.get(ID)).toMatchObject({ id: 'agent_2' });
    });
  });
});
