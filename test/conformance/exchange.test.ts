import { describe, expect, test } from 'vitest';
import { recordingFetch } from '../../conformance/suite/exchange.js';

const stale = () =>
  new TypeError('fetch failed', { cause: Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }) });

describe('recording fetch', () => {
  test('against a mock, a request sent on a connection the server had closed goes once more, body and all', async () => {
    const bodies: string[] = [];
    let calls = 0;
    const base = (async (request: Request) => {
      bodies.push(await request.text());
      if (calls++ === 0) throw stale();
      return new Response('{"ok":true}', { status: 201, headers: { 'content-type': 'application/json' } });
    }) as typeof fetch;
    const { fetch, exchanges } = recordingFetch(undefined, base, { retryStaleConnection: true });
    const response = await fetch('http://127.0.0.1:9/x', { method: 'POST', body: '{"a":1}' });
    expect(response.status).toBe(201);
    expect(bodies).toEqual(['{"a":1}', '{"a":1}']);
    expect(exchanges[0]!.response?.status).toBe(201);
  });

  test('never twice, never for another error, and never unless asked (a live API may have acted)', async () => {
    let calls = 0;
    const always = (async () => {
      calls++;
      throw stale();
    }) as typeof fetch;
    const { fetch, exchanges } = recordingFetch(undefined, always, { retryStaleConnection: true });
    await expect(fetch('http://127.0.0.1:9/x')).rejects.toThrow('fetch failed');
    expect(calls).toBe(2);
    expect(exchanges[0]!.networkError).toBe('fetch failed (UND_ERR_SOCKET)');

    calls = 0;
    const live = recordingFetch(undefined, always);
    await expect(live.fetch('http://127.0.0.1:9/x')).rejects.toThrow('fetch failed');
    expect(calls).toBe(1);

    calls = 0;
    const refused = (async () => {
      calls++;
      throw new TypeError('fetch failed', { cause: Object.assign(new Error('refused'), { code: 'ECONNREFUSED' }) });
    }) as typeof fetch;
    await expect(
      recordingFetch(undefined, refused, { retryStaleConnection: true }).fetch('http://127.0.0.1:9/x'),
    ).rejects.toThrow();
    expect(calls).toBe(1);
  });
});
