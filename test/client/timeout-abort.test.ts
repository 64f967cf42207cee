import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AbortError, TimeoutError } from '../../src/index.js';
import { client, type Handler, json, recorder, rejection } from '../helpers/fetch-stubs.js';

const ok = json(200, { data: [], first_id: null, last_id: null, has_more: false });
/** Answers only when aborted, like a real fetch on a stalled connection. */
const hang: Handler = (request) =>
  new Promise((_, reject) => request.signal.addEventListener('abort', () => reject(request.signal.reason)));
/** Ignores its signal entirely: the transport must still give up. */
const deaf: Handler = () => new Promise(() => undefined);

beforeEach(() => {
  vi.useFakeTimers();
  vi.spyOn(Math, 'random').mockReturnValue(0.5);
});
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('timeout', () => {
  it('defaults to 30 s per attempt', async () => {
    const rec = recorder(hang);
    const pending = rejection(client('qoder', rec.fetch).list());
    await vi.advanceTimersByTimeAsync(29_999);
    expect(rec.calls[0]!.signal.aborted).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    const error = await pending;
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error.message).toContain('30000 ms');
    expect(rec.calls[0]!.signal.aborted).toBe(true);
  });

  it('applies per attempt, and a timed-out attempt is retried', async () => {
    const rec = recorder(hang, ok);
    const pending = client('qoder', rec.fetch, { timeoutMs: 1000, maxRetries: 1 }).list();
    await vi.advanceTimersByTimeAsync(1000);
    expect(rec.calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(250);
    expect(rec.calls).toHaveLength(2);
    await expect(pending).resolves.toEqual({ agents: [], nextCursor: null });
  });

  it('gives up even when the injected fetch ignores its signal', async () => {
    const rec = recorder(deaf);
    const pending = rejection(client('qoder', rec.fetch, { timeoutMs: 500 }).list());
    await vi.advanceTimersByTimeAsync(500);
    expect(await pending).toBeInstanceOf(TimeoutError);
  });

  it('a slow but successful attempt is not cut short', async () => {
    const slow: Handler = () =>
      new Promise((resolve) => setTimeout(() => resolve(ok(new Request('http://x'), 0)), 900));
    const rec = recorder(slow);
    const pending = client('qoder', rec.fetch, { timeoutMs: 1000 }).list();
    await vi.advanceTimersByTimeAsync(900);
    await expect(pending).resolves.toBeDefined();
  });
});

describe('abort', () => {
  it('mid-request: rejects with AbortError, aborts the fetch, no retry', async () => {
    const rec = recorder(hang, ok);
    const controller = new AbortController();
    const pending = rejection(
      client('qoder', rec.fetch, { maxRetries: 2 }).get('agent_1', { signal: controller.signal }),
    );
    await vi.advanceTimersByTimeAsync(100);
    controller.abort();
    const error = await pending;
    expect(error).toBeInstanceOf(AbortError);
    expect(rec.calls).toHaveLength(1);
    expect(rec.calls[0]!.signal.aborted).toBe(true);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(rec.calls).toHaveLength(1);
  });

  it('mid-request with a fetch that ignores its signal', async () => {
    const rec = recorder(deaf);
    const controller = new AbortController();
    const pending = rejection(client('smallest', rec.fetch).archive('a1', { signal: controller.signal }));
    await vi.advanceTimersByTimeAsync(10);
    controller.abort(new Error('user left'));
    const error = await pending;
    expect(error).toBeInstanceOf(AbortError);
    expect((error.cause as Error).message).toBe('user left');
  });

  it("a raw.use() middleware's Request with a signal of its own: its abort stops the call", async () => {
    const rec = recorder(hang, ok);
    const controller = new AbortController();
    const lifecycle = client('smallest', rec.fetch, { maxRetries: 2 });
    lifecycle.raw.use({ onRequest: ({ request }) => new Request(request, { signal: controller.signal }) });
    const pending = rejection(lifecycle.archive('a1'));
    await vi.advanceTimersByTimeAsync(10);
    controller.abort(new Error('middleware gave up'));
    const error = await pending;
    expect(error).toBeInstanceOf(AbortError);
    expect((error.cause as Error).message).toBe('middleware gave up');
    expect(rec.calls).toHaveLength(1);
    expect(rec.calls[0]!.signal.aborted).toBe(true);
  });

  it('during backoff: stops waiting at once, no further attempt', async () => {
    const rec = recorder(json(503, {}, { 'retry-after': '30' }), ok);
    const controller = new AbortController();
    const pending = rejection(client('ayra', rec.fetch, { maxRetries: 2 }).list({ signal: controller.signal }));
    await vi.advanceTimersByTimeAsync(1000);
    expect(rec.calls).toHaveLength(1);
    controller.abort();
    // Settles without any timer advancing: the backoff sleep listens to the signal.
    const error = await pending;
    expect(error).toBeInstanceOf(AbortError);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(rec.calls).toHaveLength(1);
  });

  it('an already-aborted signal sends nothing', async () => {
    const rec = recorder(ok);
    const error = await rejection(client('ayra', rec.fetch).delete('a1', { signal: AbortSignal.abort() }));
    expect(error).toBeInstanceOf(AbortError);
    expect(rec.calls).toHaveLength(0);
  });

  it('a signal that is not an AbortSignal is refused', async () => {
    const rec = recorder(ok);
    const error = await rejection(client('ayra', rec.fetch).delete('a1', { signal: {} as AbortSignal }));
    expect(error.name).toBe('InvalidInputError');
    expect(rec.calls).toHaveLength(0);
  });
});
