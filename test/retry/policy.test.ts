import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ConnectionError, RateLimitError, ServerError } from '../../src/index.js';
import { client, type Handler, json, recorder, rejection, text } from '../helpers/fetch-stubs.js';

const ok = json(200, { data: [], first_id: null, last_id: null, has_more: false });
const fail = (status: number, headers: Record<string, string> = {}) =>
  json(status, { type: 'error', error: { type: 'x', message: 'y' } }, headers);
const refuse: Handler = () => {
  throw new TypeError('fetch failed');
};

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(new Date('2026-05-01T00:00:00Z'));
  // Full jitter picks uniformly in [0, cap); pin it to the middle.
  vi.spyOn(Math, 'random').mockReturnValue(0.5);
});
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

/** Starts a list() call and reports how many requests have been made after each timer step. */
function start(handlers: Handler[], options: Record<string, unknown> = {}) {
  const rec = recorder(...handlers);
  const c = client('qoder', rec.fetch, { maxRetries: 2, ...options });
  const outcome = c.list().then(
    (value) => ({ value, error: undefined as any }),
    (error: unknown) => ({ value: undefined, error: error as any }),
  );
  return { calls: rec.calls, outcome };
}

describe('retries', () => {
  for (const status of [408, 429, 500, 502, 503, 504]) {
    it(`retries ${status}`, async () => {
      const { calls, outcome } = start([fail(status), ok]);
      await vi.advanceTimersByTimeAsync(0);
      expect(calls).toHaveLength(1);
      await vi.advanceTimersByTimeAsync(250);
      expect(calls).toHaveLength(2);
      expect((await outcome).value).toEqual({ agents: [], nextCursor: null });
    });
  }

  for (const status of [400, 401, 403, 404, 409, 422]) {
    it(`never retries ${status}`, async () => {
      const { calls, outcome } = start([fail(status), ok]);
      await vi.advanceTimersByTimeAsync(120_000);
      expect(calls).toHaveLength(1);
      expect((await outcome).error.status).toBe(status);
    });
  }

  it('exponential backoff with full jitter: 0.5 * 500 ms, then 0.5 * 1000 ms', async () => {
    const { calls, outcome } = start([fail(500), fail(500), ok]);
    await vi.advanceTimersByTimeAsync(249);
    expect(calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(499);
    expect(calls).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls).toHaveLength(3);
    expect((await outcome).value).toBeDefined();
  });

  it('jitter spans the whole window: random() = 0 retries at once', async () => {
    vi.mocked(Math.random).mockReturnValue(0);
    const { calls, outcome } = start([fail(503), ok]);
    await vi.advanceTimersByTimeAsync(0);
    expect(calls).toHaveLength(2);
    await outcome;
  });

  it('gives up after maxRetries (default 2) with the last typed error', async () => {
    const rec = recorder(fail(500), fail(502), fail(503, { 'x-request-id': 'last' }));
    const c = client('qoder', rec.fetch, { maxRetries: undefined });
    const pending = rejection(c.list());
    await vi.advanceTimersByTimeAsync(10_000);
    const error = await pending;
    expect(rec.calls).toHaveLength(3);
    expect(error).toBeInstanceOf(ServerError);
    expect(error).toMatchObject({ status: 503, requestId: 'last' });
  });

  it('maxRetries: 0 makes one attempt', async () => {
    const { calls, outcome } = start([fail(503), ok], { maxRetries: 0 });
    await vi.advanceTimersByTimeAsync(10_000);
    expect(calls).toHaveLength(1);
    expect((await outcome).error).toBeInstanceOf(ServerError);
  });

  it('retries connection errors, then surfaces ConnectionError with the cause', async () => {
    const first = start([refuse, ok]);
    await vi.advanceTimersByTimeAsync(250);
    expect(first.calls).toHaveLength(2);
    expect((await first.outcome).value).toBeDefined();

    const second = start([refuse]);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(second.calls).toHaveLength(3);
    const error = (await second.outcome).error;
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error.cause).toBeInstanceOf(TypeError);
  });

  it('re-sends the JSON body on every attempt', async () => {
    const rec = recorder(fail(503), json(200, { id: 'a1', name: 'n', status: 'archived' }));
    const pending = client('ayra', rec.fetch, { maxRetries: 1 }).archive('a1');
    await vi.advanceTimersByTimeAsync(1000);
    await pending;
    expect(rec.calls.map((c) => c.body)).toEqual(['{"status":"archived"}', '{"status":"archived"}']);
    expect(rec.calls[1]!.headers['content-type']).toBe('application/json');
  });

  it('the raw client retries too', async () => {
    const rec = recorder(fail(503), ok);
    const pending = client('qoder', rec.fetch, { maxRetries: 1 }).raw.GET('/agents');
    await vi.advanceTimersByTimeAsync(250);
    expect((await pending).response.status).toBe(200);
    expect(rec.calls).toHaveLength(2);
  });
});

describe('server retry hints', () => {
  it('Retry-After in seconds', async () => {
    const { calls, outcome } = start([fail(429, { 'retry-after': '3' }), ok]);
    await vi.advanceTimersByTimeAsync(2999);
    expect(calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls).toHaveLength(2);
    await outcome;
  });

  it('Retry-After as an HTTP date', async () => {
    const at = new Date(Date.now() + 5000).toUTCString();
    const { calls, outcome } = start([fail(503, { 'retry-after': at }), ok]);
    await vi.advanceTimersByTimeAsync(4999);
    expect(calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls).toHaveLength(2);
    await outcome;
  });

  it('X-RateLimit-Reset (Unix seconds) on a 429', async () => {
    const reset = String(Math.floor(Date.now() / 1000) + 4);
    const { calls, outcome } = start([fail(429, { 'x-ratelimit-reset': reset }), ok]);
    await vi.advanceTimersByTimeAsync(3999);
    expect(calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls).toHaveLength(2);
    await outcome;
  });

  it('X-RateLimit-Reset on a 5xx is not a wait instruction (backoff applies)', async () => {
    const reset = String(Math.floor(Date.now() / 1000) + 30);
    const { calls, outcome } = start([fail(500, { 'x-ratelimit-reset': reset }), ok]);
    await vi.advanceTimersByTimeAsync(250);
    expect(calls).toHaveLength(2);
    await outcome;
  });

  it('caps the wait at 60 s', async () => {
    const { calls, outcome } = start([fail(429, { 'retry-after': '3600' }), ok]);
    await vi.advanceTimersByTimeAsync(59_999);
    expect(calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls).toHaveLength(2);
    await outcome;
  });

  it('an unreadable Retry-After falls back to backoff', async () => {
    const { calls, outcome } = start([fail(503, { 'retry-after': 'soon' }), ok]);
    await vi.advanceTimersByTimeAsync(250);
    expect(calls).toHaveLength(2);
    await outcome;
  });

  it.each(['-1', '3.', `${'2'.padStart(3, ' ')} seconds`])(
    'Retry-After %j is not a date: backoff applies, not an instant retry',
    async (value) => {
      vi.spyOn(Math, 'random').mockReturnValue(0.5);
      const { calls, outcome } = start([fail(503, { 'retry-after': value }), ok]);
      // Backoff for the first retry is uniform in [0, 500) ms: 250 ms with random() = 0.5.
      await vi.advanceTimersByTimeAsync(249);
      expect(calls).toHaveLength(1);
      await vi.advanceTimersByTimeAsync(1);
      expect(calls).toHaveLength(2);
      await outcome;
    },
  );

  it('a final 429 reports the uncapped hint', async () => {
    const { outcome } = start([fail(429, { 'retry-after': '120' })], { maxRetries: 0 });
    const { error } = await outcome;
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error.retryAfterMs).toBe(120_000);
  });
});

describe('logging', () => {
  it('logs requests, responses and retries', async () => {
    const lines: Array<[string, string, Record<string, unknown> | undefined]> = [];
    const logger = {
      debug: (m: string, d?: Record<string, unknown>) => lines.push(['debug', m, d]),
      warn: (m: string, d?: Record<string, unknown>) => lines.push(['warn', m, d]),
    };
    const { outcome } = start([text(503, ''), ok], { logger });
    await vi.advanceTimersByTimeAsync(250);
    await outcome;
    expect(lines.map(([level, m]) => `${level} ${m}`)).toEqual([
      'debug [agent-lifecycle:qoder] request',
      'debug [agent-lifecycle:qoder] response',
      'warn [agent-lifecycle:qoder] retrying',
      'debug [agent-lifecycle:qoder] request',
      'debug [agent-lifecycle:qoder] response',
    ]);
    expect(lines[2]![2]).toMatchObject({ status: 503, delayMs: 250, attempt: 1 });
  });

  it('a throwing logger does not break the call', async () => {
    const logger = {
      debug: () => {
        throw new Error('logger down');
      },
    };
    const { outcome } = start([ok], { logger });
    expect((await outcome).value).toBeDefined();
  });
});
