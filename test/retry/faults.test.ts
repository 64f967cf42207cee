// Retryable failures over a real loopback socket: the façade must wait as told, retry a bounded number of
// times, and end in the right result or typed error. The server's request count is always asserted.
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { RateLimitError, ServerError } from '../../src/index.js';
import { type LoopbackServer, reply, replyJson, startServer, withServer } from '../helpers/loopback-server.js';
import {
  AGENT_ID,
  archiveSuccessBody,
  change,
  errorBody,
  mainState,
  makeClient,
  rejection,
  VENDORS,
  type Vendor,
} from '../helpers/vendors.js';

let server: LoopbackServer;
beforeEach(async () => {
  server = await startServer();
  // Full-jitter backoff draws from Math.random: 0 makes backoff waits zero, so only server hints cost time.
  vi.spyOn(Math, 'random').mockReturnValue(0);
});
afterEach(async () => {
  vi.restoreAllMocks();
  await server.close();
});

describe.each(VENDORS)('%s: retries', (vendor) => {
  const ok = () => replyJson(200, archiveSuccessBody(vendor, AGENT_ID));

  test('429 forever: RateLimitError with the hint, after maxRetries + 1 requests', async () => {
    server.script(replyJson(429, errorBody(vendor, 429, 'slow down'), { 'retry-after': '0' }));
    const error = await rejection(change(makeClient(vendor, server.url, { maxRetries: 2 }), vendor, AGENT_ID));
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).status).toBe(429);
    expect((error as RateLimitError).retryAfterMs).toBe(0);
    expect(server.requests).toHaveLength(3);
  });

  test('503 twice, then success: three requests', async () => {
    const unavailable = replyJson(503, errorBody(vendor, 503, 'unavailable'));
    server.script(unavailable, unavailable, ok());
    const result = await change(makeClient(vendor, server.url, { maxRetries: 2 }), vendor, AGENT_ID);
    expect(result).toMatchObject({ agentId: AGENT_ID, state: mainState(vendor) });
    expect(server.requests).toHaveLength(3);
  });

  test('503 twice, then success: every attempt carries the same method, headers and body', async () => {
    const unavailable = replyJson(503, errorBody(vendor, 503, 'unavailable'));
    server.script(unavailable, unavailable, ok());
    await change(makeClient(vendor, server.url, { maxRetries: 2 }), vendor, AGENT_ID);
    const sent = server.requests.map((r) => [
      r.method,
      r.url,
      r.headers.authorization,
      r.headers['content-type'],
      r.body,
    ]);
    expect(sent).toHaveLength(3);
    expect(sent[1]).toEqual(sent[0]);
    expect(sent[2]).toEqual(sent[0]);
    if (vendor === 'ayra') expect(JSON.parse(server.requests[2]!.body)).toEqual({ status: 'archived' });
  });

  test.each([0, 1, 3])(
    '503 forever with maxRetries %i: ServerError 503 after maxRetries + 1 requests',
    async (maxRetries) => {
      server.script(replyJson(503, errorBody(vendor, 503, 'unavailable')));
      const error = await rejection(change(makeClient(vendor, server.url, { maxRetries }), vendor, AGENT_ID));
      expect(error).toBeInstanceOf(ServerError);
      expect((error as ServerError).status).toBe(503);
      expect((error as ServerError).vendorMessage).toBe('unavailable');
      expect(server.requests).toHaveLength(maxRetries + 1);
    },
  );

  test('HTML 502 page: ServerError 502 after retries, page kept as (bounded) text', async () => {
    const page = `<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body>${'<p>nginx</p>'.repeat(500)}</body></html>`;
    server.script(reply(502, page, { 'content-type': 'text/html' }));
    const error = await rejection(change(makeClient(vendor, server.url, { maxRetries: 1 }), vendor, AGENT_ID));
    expect(error).toBeInstanceOf(ServerError);
    const api = error as ServerError;
    expect(api.status).toBe(502);
    expect(api.vendorMessage).toBeUndefined();
    expect(typeof api.body).toBe('string');
    expect((api.body as string).startsWith('<!DOCTYPE html>')).toBe(true);
    expect((api.body as string).length).toBeLessThanOrEqual(2001);
    expect(server.requests).toHaveLength(2);
  });

  test('409 is never retried', async () => {
    server.script(replyJson(409, errorBody(vendor, 409, 'conflict')));
    await rejection(change(makeClient(vendor, server.url, { maxRetries: 3 }), vendor, AGENT_ID));
    expect(server.requests).toHaveLength(1);
  });
});

// Server-hinted waits cost real seconds; these run concurrently, each with its own server.
describe('Retry-After, every vendor', () => {
  const ok = (vendor: Vendor) => replyJson(200, archiveSuccessBody(vendor, AGENT_ID));

  test.concurrent.for(VENDORS)(
    '%s: 429 with Retry-After in seconds, then success: waits the hint, two requests',
    (vendor, { expect }) =>
      withServer(async (server) => {
        server.script(replyJson(429, errorBody(vendor, 429, 'slow down'), { 'retry-after': '1' }), ok(vendor));
        const started = performance.now();
        const result = await change(makeClient(vendor, server.url), vendor, AGENT_ID);
        // Backoff is under 500 ms on a first retry, so >= ~1 s proves the Retry-After hint was honoured.
        expect(performance.now() - started).toBeGreaterThanOrEqual(950);
        expect(result).toMatchObject({ provider: vendor, agentId: AGENT_ID, state: mainState(vendor) });
        expect(server.requests).toHaveLength(2);
      }),
  );

  test.concurrent.for(VENDORS)('%s: 429 with Retry-After as an HTTP date, then success', (vendor, { expect }) =>
    withServer(async (server) => {
      // HTTP dates have 1 s resolution: two seconds ahead is at least one second of wait.
      const date = new Date(Date.now() + 2_000).toUTCString();
      server.script(replyJson(429, errorBody(vendor, 429, 'slow down'), { 'retry-after': date }), ok(vendor));
      const started = performance.now();
      const result = await change(makeClient(vendor, server.url), vendor, AGENT_ID);
      expect(performance.now() - started).toBeGreaterThanOrEqual(950);
      expect(result.state).toBe(mainState(vendor));
      expect(server.requests).toHaveLength(2);
    }),
  );
});
