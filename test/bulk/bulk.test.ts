import { afterEach, describe, expect, it, vi } from 'vitest';
import type { BulkProgress } from '../../src/bulk/types.js';
import {
  AbortError,
  InvalidInputError,
  NotFoundError,
  TimeoutError,
  UnsupportedOperationError,
} from '../../src/core/errors.js';
import { type AgentClient, createAgentClient } from '../../src/index.js';
import { delay, type Behaviour as Reply, startServer } from '../helpers/loopback-server.js';
import { agentIdOf, qoderAgent, qoderError, sendJson } from '../helpers/qoder-replies.js';

const KEY = 'sk_live_SECRET_canary_123';
let servers: Array<{ close(): Promise<void> }> = [];

afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});

async function serve(reply: Reply) {
  const server = await startServer(reply);
  servers.push(server);
  return server;
}

function qoder(url: string) {
  return createAgentClient({ provider: 'qoder', apiKey: KEY, baseUrl: url });
}

const archiveOk: Reply = (req, res) => sendJson(res, 200, qoderAgent(agentIdOf(req.url ?? '')));

describe('archiveMany', () => {
  it('keeps at most `concurrency` requests in flight (and defaults to 4)', async () => {
    // The first `n` requests are held until all `n` have arrived, so the pool provably fills up
    // (no reliance on timing); the 2 s bound only turns a pool that never fills into a failure.
    const holdFirst = (n: number): Reply => {
      let arrived = 0;
      let release!: () => void;
      const full = new Promise<void>((resolve) => (release = resolve));
      return async (req, res, seen) => {
        if (++arrived <= n) {
          if (arrived === n) release();
          await Promise.race([full, delay(2000)]);
        }
        archiveOk(req, res, seen);
      };
    };
    const ids = Array.from({ length: 24 }, (_, i) => `agent_${i}`);

    const three = await serve(holdFirst(3));
    const outcomes = await qoder(three.url).archiveMany(ids, { concurrency: 3 });
    expect(outcomes.every((o) => o.ok)).toBe(true);
    expect(three.requests).toHaveLength(24);
    expect(three.maxInFlight).toBe(3);

    const byDefault = await serve(holdFirst(4));
    await qoder(byDefault.url).archiveMany(ids);
    expect(byDefault.maxInFlight).toBe(4);
  });

  it('returns one outcome per id in input order, whatever order the answers come in', async () => {
    // Later ids answer first.
    const server = await serve(async (req, res) => {
      const n = Number(agentIdOf(req.url ?? '').split('_')[1]);
      await delay(40 - n * 4);
      sendJson(res, 200, qoderAgent(agentIdOf(req.url ?? '')));
    });
    const ids = Array.from({ length: 10 }, (_, i) => `agent_${i}`);
    const outcomes = await qoder(server.url).archiveMany(ids, { concurrency: 10 });
    expect(outcomes.map((o) => o.id)).toEqual(ids);
    expect(outcomes.map((o) => (o.ok ? o.result.agentId : null))).toEqual(ids);
  });

  it('reports duplicates once per occurrence', async () => {
    const server = await serve(archiveOk);
    const outcomes = await qoder(server.url).archiveMany(['a', 'b', 'a', 'a'], { concurrency: 2 });
    expect(outcomes.map((o) => [o.id, o.ok])).toEqual([
      ['a', true],
      ['b', true],
      ['a', true],
      ['a', true],
    ]);
    expect(server.requests.map((s) => agentIdOf(s.url)).sort()).toEqual(['a', 'a', 'a', 'b']);
  });

  it('settles partial failures and invalid ids as failed outcomes, never a rejected batch', async () => {
    const server = await serve((req, res, seen) => {
      const id = agentIdOf(req.url ?? '');
      if (id.startsWith('gone')) return qoderError(res, 404, 'not_found_error', `No agent ${id}`);
      archiveOk(req, res, seen);
    });
    const outcomes = await qoder(server.url).archiveMany(['ok_1', 'gone_1', '', '..', 'ok_2', 'bad\nid']);
    expect(outcomes.map((o) => o.ok)).toEqual([true, false, false, false, true, false]);
    const errors = outcomes.map((o) => (o.ok ? undefined : o.error));
    expect(errors[1]).toBeInstanceOf(NotFoundError);
    expect(errors[2]).toBeInstanceOf(InvalidInputError);
    expect(errors[3]).toBeInstanceOf(InvalidInputError);
    expect(errors[5]).toBeInstanceOf(InvalidInputError);
    // Invalid ids never reach the wire.
    expect(server.requests.map((s) => agentIdOf(s.url)).sort()).toEqual(['gone_1', 'ok_1', 'ok_2']);
  });

  it('pauses the whole batch after a 429 with Retry-After, then finishes every id', async () => {
    // The other first-wave answers are held until the client's fetch has handed the 429 back to the
    // batch (which closes the gate in the same microtask run). Held answers are written after that, so
    // they reach the client in a later I/O turn: no worker can be free to send before the gate is shut.
    let rateLimitSeen!: () => void;
    const limitDelivered = new Promise<void>((resolve) => (rateLimitSeen = resolve));
    let limitedAt = -1;
    const server = await serve(async (req, res, seen) => {
      const id = agentIdOf(req.url ?? '');
      if (id === 'agent_1' && limitedAt < 0) {
        limitedAt = seen.at;
        return qoderError(res, 429, 'rate_limit_error', 'slow down', { 'retry-after': '1' });
      }
      await limitDelivered;
      sendJson(res, 200, qoderAgent(id));
    });
    const observingFetch = async (request: Request): Promise<Response> => {
      const response = await globalThis.fetch(request);
      if (response.status === 429) rateLimitSeen();
      return response;
    };
    const client = createAgentClient({ provider: 'qoder', apiKey: KEY, baseUrl: server.url, fetch: observingFetch });
    const ids = Array.from({ length: 12 }, (_, i) => `agent_${i}`);
    const outcomes = await client.archiveMany(ids, { concurrency: 4 });

    expect(outcomes.every((o) => o.ok)).toBe(true);
    expect(server.requests).toHaveLength(13);
    // The first wave (one per worker) was on the wire before the 429 came back; everything later
    // was started after it and must have waited.
    const after = server.requests.slice(4);
    expect(after.length).toBe(9);
    // No worker (not only the one that got the 429) sent anything during the advertised second.
    // 5 ms of slack for timer rounding.
    expect(Math.min(...after.map((s) => s.at)) - limitedAt).toBeGreaterThanOrEqual(995);
  });

  it('a retry waiting out the batch pause does not spend its own timeout on the wait', async () => {
    // agent_a gets a 429 (Retry-After: 1) and agent_b a 500, written only once the 429 is back at the
    // client, so b's immediate retry (zero backoff) meets a closed gate for ~1 s, over its 300 ms timeout.
    vi.spyOn(Math, 'random').mockReturnValue(0);
    let rateLimitSeen!: () => void;
    const limitDelivered = new Promise<void>((resolve) => (rateLimitSeen = resolve));
    const attempts = new Map<string, number>();
    const server = await serve(async (req, res) => {
      const id = agentIdOf(req.url ?? '');
      const n = (attempts.get(id) ?? 0) + 1;
      attempts.set(id, n);
      if (id === 'agent_a' && n === 1)
        return qoderError(res, 429, 'rate_limit_error', 'slow down', { 'retry-after': '1' });
      if (id === 'agent_b' && n === 1) {
        await limitDelivered;
        return qoderError(res, 500, 'api_error', 'try again');
      }
      sendJson(res, 200, qoderAgent(id));
    });
    const observingFetch = async (request: Request): Promise<Response> => {
      const response = await globalThis.fetch(request);
      if (response.status === 429) rateLimitSeen();
      return response;
    };
    const client = createAgentClient({
      provider: 'qoder',
      apiKey: KEY,
      baseUrl: server.url,
      fetch: observingFetch,
      timeoutMs: 300,
      maxRetries: 1,
    });
    const outcomes = await client.archiveMany(['agent_a', 'agent_b'], { concurrency: 2 });
    vi.restoreAllMocks();
    expect(outcomes.map((o) => (o.ok ? 'ok' : (o.error as Error).name))).toEqual(['ok', 'ok']);
    expect(Object.fromEntries(attempts)).toEqual({ agent_a: 2, agent_b: 2 });
  });

  it('on abort, settles every id: the in-flight one is unknown, the not-started ones not_sent', async () => {
    const controller = new AbortController();
    const server = await serve((req, res, seen) => {
      // Two answered, then abort while the third is in flight; it is never answered.
      if (server.requests.indexOf(seen) < 2) return archiveOk(req, res, seen);
      controller.abort(new Error('user pressed Ctrl-C'));
    });
    const ids = Array.from({ length: 10 }, (_, i) => `agent_${i}`);
    const progress: BulkProgress[] = [];
    const outcomes = await qoder(server.url).archiveMany(ids, {
      concurrency: 1,
      signal: controller.signal,
      onProgress: (p) => progress.push(p),
    });

    expect(outcomes.map((o) => o.id)).toEqual(ids);
    expect(outcomes.map((o) => o.status)).toEqual(['done', 'done', 'unknown', ...Array(7).fill('not_sent')]);
    for (const o of outcomes.slice(2)) expect(!o.ok && o.error).toBeInstanceOf(AbortError);
    expect(outcomes.slice(3).every((o) => !o.ok && /^not sent: the batch was aborted/.test(o.error.message))).toBe(
      true,
    );
    expect(server.requests).toHaveLength(3);
    // The progress counts what was sent: 3 of 10, not 10 of 10.
    expect(progress.at(-1)).toEqual({ done: 3, total: 10, failed: 0, notSent: 7 });
  });

  it('an id whose last attempt timed out is unknown (sent, no answer seen), not failed', async () => {
    const server = await serve((req, res, seen) => {
      if (agentIdOf(req.url ?? '') === 'slow') return; // never answered
      archiveOk(req, res, seen);
    });
    const client = createAgentClient({
      provider: 'qoder',
      apiKey: KEY,
      baseUrl: server.url,
      timeoutMs: 50,
      maxRetries: 0,
    });
    const outcomes = await client.archiveMany(['a', 'slow']);
    expect(outcomes.map((o) => o.status)).toEqual(['done', 'unknown']);
    expect(!outcomes[1]!.ok && outcomes[1]!.error).toBeInstanceOf(TimeoutError);
  });

  it('calls onProgress after each id with done, total and failed', async () => {
    const server = await serve((req, res, seen) => {
      if (agentIdOf(req.url ?? '') === 'b') return qoderError(res, 404, 'not_found_error', 'nope');
      archiveOk(req, res, seen);
    });
    const progress: BulkProgress[] = [];
    await qoder(server.url).archiveMany(['a', 'b', 'c', 'd'], { concurrency: 1, onProgress: (p) => progress.push(p) });
    expect(progress).toEqual([
      { done: 1, total: 4, failed: 0, notSent: 0 },
      { done: 2, total: 4, failed: 1, notSent: 0 },
      { done: 3, total: 4, failed: 1, notSent: 0 },
      { done: 4, total: 4, failed: 1, notSent: 0 },
    ]);
  });

  it('a throwing onProgress does not lose outcomes', async () => {
    const server = await serve(archiveOk);
    const outcomes = await qoder(server.url).archiveMany(['a', 'b'], {
      onProgress: () => {
        throw new Error('broken callback');
      },
    });
    expect(outcomes.map((o) => o.ok)).toEqual([true, true]);
  });

  it('returns [] for no ids without sending anything', async () => {
    const server = await serve(archiveOk);
    expect(await qoder(server.url).archiveMany([])).toEqual([]);
    expect(server.requests).toHaveLength(0);
  });
});

describe('unarchiveMany / deleteMany', () => {
  it('deleteMany on ayra sends one DELETE per id', async () => {
    const server = await serve((_req, res) => {
      res.statusCode = 204;
      res.end();
    });
    const client = createAgentClient({ provider: 'ayra', apiKey: KEY, baseUrl: server.url });
    const outcomes = await client.deleteMany(['x', 'y']);
    expect(outcomes.map((o) => o.ok && o.result.state)).toEqual(['deleted', 'deleted']);
    expect(server.requests.map((s) => `${s.method} ${s.url}`).sort()).toEqual(['DELETE /agents/x', 'DELETE /agents/y']);
  });

  it('unarchiveMany on smallest sends ?on=false', async () => {
    const server = await serve((_req, res) =>
      sendJson(res, 200, { status: true, data: { message: 'Agent unarchived' } }),
    );
    const client = createAgentClient({ provider: 'smallest', apiKey: KEY, baseUrl: server.url });
    const outcomes = await client.unarchiveMany(['s1']);
    expect(outcomes).toMatchObject([{ id: 's1', ok: true, result: { state: 'active' } }]);
    expect(server.requests.map((s) => `${s.method} ${s.url}`)).toEqual(['DELETE /agent/s1/archive?on=false']);
  });

  it('rejects an operation the provider lacks, or bad options, before any request', async () => {
    const server = await serve(archiveOk);
    const client = qoder(server.url);
    // Absent from Qoder's type; a vendor chosen at run time (AgentClient) has them, and they reject.
    const dynamic = client as unknown as AgentClient;
    await expect(dynamic.unarchiveMany(['a'])).rejects.toBeInstanceOf(UnsupportedOperationError);
    await expect(dynamic.deleteMany(['a'])).rejects.toBeInstanceOf(UnsupportedOperationError);
    await expect(client.archiveMany(['a'], { concurrency: 0 })).rejects.toBeInstanceOf(InvalidInputError);
    await expect(client.archiveMany(['a'], { concurrency: 1.5 })).rejects.toBeInstanceOf(InvalidInputError);
    await expect(client.archiveMany('a' as never)).rejects.toBeInstanceOf(InvalidInputError);
    await expect(client.archiveMany(['a'], { signal: {} as never })).rejects.toBeInstanceOf(InvalidInputError);
    expect(server.requests).toHaveLength(0);
  });
});

describe('batches that never lose track', () => {
  it('drain: stops sending new ids, lets the in-flight ones finish (done), the rest not_sent', async () => {
    const drain = new AbortController();
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const server = await serve(async (req, res, seen) => {
      if (server.requests.length === 2) {
        // Both workers are busy: stop the batch, then let the two answers go.
        drain.abort();
        release();
      }
      await held;
      archiveOk(req, res, seen);
    });
    const ids = Array.from({ length: 6 }, (_, i) => `agent_${i}`);
    const outcomes = await qoder(server.url).archiveMany(ids, { concurrency: 2, drain: drain.signal });
    expect(outcomes.map((o) => o.status)).toEqual(['done', 'done', 'not_sent', 'not_sent', 'not_sent', 'not_sent']);
    expect(server.requests).toHaveLength(2);
  });

  it('a 401 stops the batch after at most `concurrency` requests, naming the URL called', async () => {
    const server = await serve((_req, res) => qoderError(res, 401, 'authentication_error', 'Invalid API key'));
    const ids = Array.from({ length: 100 }, (_, i) => `agent_${i}`);
    const outcomes = await qoder(server.url).archiveMany(ids, { concurrency: 4 });
    expect(server.requests.length).toBeLessThanOrEqual(4);
    const failed = outcomes.filter((o) => o.status === 'failed');
    expect(failed.length).toBe(server.requests.length);
    const notSent = outcomes.filter((o) => o.status === 'not_sent');
    expect(notSent.length).toBe(100 - server.requests.length);
    expect(!notSent[0]!.ok && notSent[0]!.error.message).toMatch(
      new RegExp(`^not sent: 401 from ${server.url}/agents/agent_\\d+/archive: the key is refused for every id`),
    );
  });

  it('maxFailures stops sending after that many failed ids', async () => {
    const server = await serve((req, res) => qoderError(res, 404, 'not_found_error', `no ${agentIdOf(req.url ?? '')}`));
    const ids = Array.from({ length: 20 }, (_, i) => `agent_${i}`);
    const outcomes = await qoder(server.url).archiveMany(ids, { concurrency: 1, maxFailures: 3 });
    expect(outcomes.map((o) => o.status)).toEqual([...Array(3).fill('failed'), ...Array(17).fill('not_sent')]);
    expect(server.requests).toHaveLength(3);
  });

  it('streams: onStart before each request, onOutcome as each id settles', async () => {
    const events: string[] = [];
    const server = await serve((req, res, seen) => {
      events.push(`server ${agentIdOf(req.url ?? '')}`);
      archiveOk(req, res, seen);
    });
    await qoder(server.url).archiveMany(['a', 'b'], {
      concurrency: 1,
      onStart: (id) => events.push(`start ${id}`),
      onOutcome: (o, i) => events.push(`outcome ${o.id} ${o.status} ${i}`),
    });
    expect(events).toEqual(['start a', 'server a', 'outcome a done 0', 'start b', 'server b', 'outcome b done 1']);
  });

  it('the batch signal holds one abort listener, whatever the concurrency or number of ids', async () => {
    const { EventEmitter } = await import('node:events');
    const getEventListeners = (t: EventTarget, name: string) => EventEmitter.getEventListeners(t, name);
    const controller = new AbortController();
    let most = 0;
    const server = await serve((req, res, seen) => {
      most = Math.max(most, getEventListeners(controller.signal, 'abort').length);
      archiveOk(req, res, seen);
    });
    const ids = Array.from({ length: 300 }, (_, i) => `agent_${i}`);
    const outcomes = await qoder(server.url).archiveMany(ids, { concurrency: 16, signal: controller.signal });
    expect(outcomes.every((o) => o.status === 'done')).toBe(true);
    expect(most).toBe(1);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });

  it('keepOutcomes: false streams outcomes through onOutcome only and returns []', async () => {
    const server = await serve(archiveOk);
    const seen: string[] = [];
    const outcomes = await qoder(server.url).archiveMany(['a', 'b', 'c'], {
      keepOutcomes: false,
      onOutcome: (o) => seen.push(`${o.id} ${o.status}`),
    });
    expect(outcomes).toEqual([]);
    expect(seen.sort()).toEqual(['a done', 'b done', 'c done']);
  });

  it('refuses bad batch options before any request', async () => {
    const server = await serve(archiveOk);
    const client = qoder(server.url);
    for (const options of [
      { maxFailures: 0 },
      { rate: 0 },
      { rate: Number.NaN },
      { drain: {} },
      { onOutcome: 1 },
      { keepOutcomes: 'no' },
    ]) {
      await expect(client.archiveMany(['a'], options as never)).rejects.toBeInstanceOf(InvalidInputError);
    }
    expect(server.requests).toHaveLength(0);
  });
});
