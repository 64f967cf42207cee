import { inspect } from 'node:util';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AgentLifecycleError, createAgentClient, type ProviderName } from '../../src/index.js';
import { client, type Handler, json, KEY, recorder, rejection, text } from '../helpers/fetch-stubs.js';
import { change, errorBody, VENDORS } from '../helpers/vendors.js';

/** Every way an error can be looked at. */
function exposures(error: unknown): string[] {
  const e = error as Error;
  return [
    String(e.message),
    String(e.stack),
    JSON.stringify(e),
    inspect(e, { depth: Infinity, showHidden: true }),
    String(e),
  ];
}

function expectNoKey(value: unknown) {
  for (const view of exposures(value)) expect(view).not.toContain(KEY);
}

// A hostile server echoing the key everywhere it can: in the vendor's own error envelope (every text
// of it, from its spec), and around it.
const echo =
  (status: number, vendor: ProviderName = 'smallest'): Handler =>
  (request) =>
    json(
      status,
      {
        ...(errorBody(vendor, status, `bad key ${request.headers.get('authorization')}`) as object),
        error: { type: KEY, message: `key ${KEY}`, code: KEY },
        [KEY]: KEY,
      },
      {
        'x-request-id': `id-${KEY}`,
        'x-echo': `Bearer ${KEY}`,
        'set-cookie': `session=${KEY}`,
      },
    )(request, 0);

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('the API key never leaks', () => {
  it('not even from deep inside a body (nesting past the redaction depth is cut, not passed through)', async () => {
    let nested: unknown = { leak: `Bearer ${KEY}` };
    for (let i = 0; i < 30; i++) nested = { n: nested };
    const { fetch } = recorder(
      json(400, { error: { type: 'invalid_request_error', message: 'bad', code: 'x', detail: nested } }),
    );
    const error = await rejection(client('ayra', fetch).delete('agent_x'));
    expectNoKey(error);
    expect(JSON.stringify(error)).toContain('[nested too deep]');
  });

  for (const status of [400, 401, 403, 404, 409, 422, 429, 500, 503]) {
    for (const vendor of VENDORS) {
      it(`${vendor} ${status} error, even when the server echoes the key`, async () => {
        const error = await rejection(change(client(vendor, recorder(echo(status, vendor)).fetch), vendor, 'agent_1'));
        expect(error).toBeInstanceOf(AgentLifecycleError);
        expect(error.status).toBe(status);
        expectNoKey(error);
        // Redaction keeps the rest of the message readable.
        expect(error.message).toContain('***');
      });
    }
  }

  it('a 200 with an unexpected body (AgentApiError base)', async () => {
    const error = await rejection(client('qoder', recorder(text(200, `<p>${KEY}</p>`)).fetch).get('a'));
    expect(error.status).toBe(200);
    expectNoKey(error);
  });

  it('ConnectionError, including its cause', async () => {
    const fetch = async () => {
      throw new TypeError(`connect ECONNREFUSED (auth Bearer ${KEY})`);
    };
    const error = await rejection(client('ayra', fetch).delete('a'));
    expect(error.name).toBe('ConnectionError');
    expect(error.message).toContain('ECONNREFUSED');
    expectNoKey(error);
  });

  it('TimeoutError', async () => {
    vi.useFakeTimers();
    const hang = () => new Promise<Response>(() => undefined);
    const pending = rejection(client('qoder', hang, { timeoutMs: 10 }).get('a'));
    await vi.advanceTimersByTimeAsync(10);
    const error = await pending;
    expect(error.name).toBe('TimeoutError');
    expectNoKey(error);
  });

  it('AbortError', async () => {
    const error = await rejection(
      client('qoder', recorder(json(200, {})).fetch).get('a', { signal: AbortSignal.abort() }),
    );
    expect(error.name).toBe('AbortError');
    expectNoKey(error);
  });

  it('InvalidInputError, even when the key is passed as an id or is malformed', async () => {
    const c = client('qoder', recorder(json(200, {})).fetch);
    expectNoKey(await rejection(c.get(`${KEY}\u0000`)));
    let thrown: unknown;
    try {
      createAgentClient({ provider: 'qoder', apiKey: `${KEY}\n` });
    } catch (error) {
      thrown = error;
    }
    expect((thrown as Error).name).toBe('InvalidInputError');
    expectNoKey(thrown);
  });

  it('UnsupportedOperationError', async () => {
    // A vendor chosen at run time has every method; Qoder's delete rejects.
    const error = await rejection(client('qoder' as ProviderName, recorder(json(200, {})).fetch).delete('a'));
    expect(error.name).toBe('UnsupportedOperationError');
    expectNoKey(error);
  });

  it('errors expose no request headers', async () => {
    const error = await rejection(client('qoder', recorder(json(404, {})).fetch).get('a'));
    expect(Object.keys(error.toJSON())).not.toContain('request');
    expect(JSON.stringify(error).toLowerCase()).not.toContain('authorization');
  });

  it('response credential headers are masked', async () => {
    const error = await rejection(client('qoder', recorder(echo(401)).fetch).get('a'));
    expect(error.headers['set-cookie']).toBe('***');
    expect(error.headers['x-echo']).toBe('Bearer ***');
    expect(error.requestId).toBe('id-***');
  });

  it('the logger sees `Bearer ***`, never the key', async () => {
    const seen: unknown[] = [];
    const logger = { debug: (...args: unknown[]) => seen.push(args), warn: (...args: unknown[]) => seen.push(args) };
    const { fetch } = recorder(echo(503), echo(404));
    vi.useFakeTimers();
    const pending = rejection(client('smallest', fetch, { logger, maxRetries: 1 }).archive('a'));
    await vi.advanceTimersByTimeAsync(1000);
    await pending;
    expect(seen.length).toBeGreaterThanOrEqual(5);
    const dump = inspect(seen, { depth: Infinity }) + JSON.stringify(seen);
    expect(dump).not.toContain(KEY);
    expect(dump).toContain("authorization: 'Bearer ***'");
  });

  it('the client object does not expose the key', () => {
    const c = createAgentClient({ provider: 'ayra', apiKey: KEY });
    expect(JSON.stringify(c)).not.toContain(KEY);
    expect(inspect(c, { depth: Infinity, showHidden: true })).not.toContain(KEY);
    expect(Object.values(c).some((v) => v === KEY)).toBe(false);
  });
});
