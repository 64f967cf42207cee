// Broken connections and slow servers over a real loopback socket: every case ends in a typed error or a
// result within a bound, and the server sees a bounded number of requests (no retry storm).
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { ConnectionError, TimeoutError } from '../../src/index.js';
import {
  delayed,
  hang,
  type LoopbackServer,
  reply,
  replyJson,
  resetBeforeHeaders,
  resetMidBody,
  startServer,
  trickle,
} from '../helpers/loopback-server.js';
import { AGENT_ID, archiveSuccessBody, change, mainState, makeClient, rejection, VENDORS } from '../helpers/vendors.js';

let server: LoopbackServer;
beforeEach(async () => {
  server = await startServer();
  vi.spyOn(Math, 'random').mockReturnValue(0); // zero backoff: only the timeouts under test cost time
});
afterEach(async () => {
  vi.restoreAllMocks();
  await server.close();
});

/** Fails the test if no further request arrives within `ms`, i.e. asserts an absence over a window. */
async function expectNoMoreRequests(count: number, ms: number): Promise<void> {
  await expect(server.waitForRequests(count + 1, ms)).rejects.toThrow(/saw/);
  expect(server.requests).toHaveLength(count);
}

describe.each(VENDORS)('%s: network faults', (vendor) => {
  const body = JSON.stringify(archiveSuccessBody(vendor, AGENT_ID));

  test('connection reset before the response: ConnectionError after maxRetries + 1 requests', async () => {
    server.script(resetBeforeHeaders);
    const error = await rejection(change(makeClient(vendor, server.url, { maxRetries: 2 }), vendor, AGENT_ID));
    expect(error).toBeInstanceOf(ConnectionError);
    expect(server.requests).toHaveLength(3);
  });

  test('nothing listening: ConnectionError that names the reason and the address', async () => {
    const closed = await startServer();
    const url = closed.url;
    await closed.close();
    const error = await rejection(change(makeClient(vendor, url, { maxRetries: 0 }), vendor, AGENT_ID));
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as Error).message).toMatch(/connection error: fetch failed \(ECONNREFUSED 127\.0\.0\.1:\d+\)$/);
  });

  test('connection reset once, then success: the retry recovers', async () => {
    server.script(resetBeforeHeaders, replyJson(200, archiveSuccessBody(vendor, AGENT_ID)));
    const result = await change(makeClient(vendor, server.url, { maxRetries: 2 }), vendor, AGENT_ID);
    expect(result.state).toBe(mainState(vendor));
    expect(server.requests).toHaveLength(2);
  });

  test('connection reset mid-body (on a 200): ConnectionError, not a bare TypeError', async () => {
    server.script(resetMidBody(200, body.slice(0, 10)));
    const error = await rejection(change(makeClient(vendor, server.url, { maxRetries: 0 }), vendor, AGENT_ID));
    expect(error).toBeInstanceOf(ConnectionError);
    expect(server.requests).toHaveLength(1);
  });

  test('connection reset mid-body (on a 500): ConnectionError, not a bare TypeError', async () => {
    server.script(resetMidBody(500, '{"error":'));
    const error = await rejection(change(makeClient(vendor, server.url, { maxRetries: 0 }), vendor, AGENT_ID));
    expect(error).toBeInstanceOf(ConnectionError);
    expect(server.requests).toHaveLength(1);
  });

  test('connection reset mid-body: whatever it throws, it throws promptly and sends one request', async () => {
    server.script(resetMidBody(200, body.slice(0, 10)));
    const started = performance.now();
    const error = await rejection(
      change(makeClient(vendor, server.url, { maxRetries: 0, timeoutMs: 5_000 }), vendor, AGENT_ID),
    );
    expect(error).toBeInstanceOf(Error);
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(server.requests).toHaveLength(1);
  });

  test('a server that never answers: TimeoutError, exactly maxRetries + 1 requests, then silence', async () => {
    server.script(hang);
    const started = performance.now();
    const error = await rejection(
      change(makeClient(vendor, server.url, { timeoutMs: 200, maxRetries: 2 }), vendor, AGENT_ID),
    );
    const elapsed = performance.now() - started;
    expect(error).toBeInstanceOf(TimeoutError);
    expect(elapsed).toBeGreaterThanOrEqual(3 * 200 - 30);
    expect(elapsed).toBeLessThan(3 * 200 + 1_000);
    expect(server.requests).toHaveLength(3);
    await expectNoMoreRequests(3, 400);
  });

  test('a slow body that finishes within timeoutMs: success, one request', async () => {
    server.script(trickle(200, body, 4, 20));
    const result = await change(makeClient(vendor, server.url, { timeoutMs: 1_000, maxRetries: 0 }), vendor, AGENT_ID);
    expect(result).toMatchObject({ agentId: AGENT_ID, state: mainState(vendor) });
    expect(server.requests).toHaveLength(1);
  });

  // timeoutMs covers the body too: a server trickling forever must not hang the call forever.
  test('a slow body that outlasts timeoutMs: TimeoutError', async () => {
    // Headers at once, body over ~800 ms; the timeout is 200 ms. The trickle ends, so this cannot hang.
    server.script(trickle(200, body, 8, 100));
    const error = await rejection(
      change(makeClient(vendor, server.url, { timeoutMs: 200, maxRetries: 0 }), vendor, AGENT_ID),
    );
    expect(error).toBeInstanceOf(TimeoutError);
    expect(server.requests).toHaveLength(1);
  });

  test('headers slower than timeoutMs: TimeoutError, no retry with maxRetries 0', async () => {
    server.script(delayed(1_000, reply(200, body)));
    const error = await rejection(
      change(makeClient(vendor, server.url, { timeoutMs: 200, maxRetries: 0 }), vendor, AGENT_ID),
    );
    expect(error).toBeInstanceOf(TimeoutError);
    expect(server.requests).toHaveLength(1);
  });

  test('a caller abort while the server hangs: AbortError at once, one request, no retry', async () => {
    server.script(hang);
    const controller = new AbortController();
    const call = change(makeClient(vendor, server.url, { timeoutMs: 5_000, maxRetries: 3 }), vendor, AGENT_ID, {
      signal: controller.signal,
    });
    await server.waitForRequests(1);
    controller.abort();
    const error = await rejection(call);
    expect((error as Error).name).toBe('AbortError');
    await expectNoMoreRequests(1, 300);
  });
});
