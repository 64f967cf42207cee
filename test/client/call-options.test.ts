// Per-call options (timeoutMs, maxRetries, deadlineMs, signal), the overall deadline, pagination with
// `for await`, console-shaped and environment loggers, and ids refused for their whitespace.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { InvalidInputError, InvalidResponseError, ServerError, TimeoutError } from '../../src/index.js';
import { createQoderClient } from '../../src/qoder-client.js';
import { createSmallestClient } from '../../src/smallest-client.js';
import { json, KEY, recorder, rejection } from '../helpers/fetch-stubs.js';
import { hang, replyJson, startServer, withServer } from '../helpers/loopback-server.js';
import { qoderAgent } from '../helpers/qoder-replies.js';

const ID = 'agent_1';

describe('overall deadline', () => {
  it('bounds a hanging server even when the attempt timeout is long', async () => {
    await withServer(async (server) => {
      server.script(hang);
      const client = createQoderClient({ apiKey: KEY, baseUrl: server.url, timeoutMs: 60_000 });
      // Without the deadline this would wait 60 s per attempt and outlive the test's own timeout.
      const error = await rejection(client.get(ID, { deadlineMs: 150 }));
      expect(error).toBeInstanceOf(TimeoutError);
      expect(error.message).toMatch(/deadline of 150 ms/);
      expect(server.requests).toHaveLength(1);
    });
  });

  it('bounds backoff too: a Retry-After beyond the deadline ends the call with the last answer', async () => {
    await withServer(async (server) => {
      server.script(
        replyJson(503, { type: 'error', error: { type: 'api_error', message: 'busy' } }, { 'retry-after': '30' }),
      );
      const client = createQoderClient({ apiKey: KEY, baseUrl: server.url, maxRetries: 5, deadlineMs: 500 });
      const error = await rejection(client.get(ID));
      expect(error).toBeInstanceOf(ServerError);
      expect(server.requests).toHaveLength(1);
    });
  });
});

describe('per-call options override the client’s', () => {
  const busy = json(503, { type: 'error', error: { type: 'api_error', message: 'busy' } }, { 'retry-after': '0' });

  it('maxRetries per call, both ways', async () => {
    const none = recorder(busy);
    const client = createQoderClient({ apiKey: KEY, fetch: none.fetch, maxRetries: 0 });
    await rejection(client.get(ID, { maxRetries: 2 }));
    expect(none.calls).toHaveLength(3);

    const many = recorder(busy);
    const retrying = createQoderClient({ apiKey: KEY, fetch: many.fetch, maxRetries: 2 });
    await rejection(retrying.get(ID, { maxRetries: 0 }));
    expect(many.calls).toHaveLength(1);
  });

  it('timeoutMs per call', async () => {
    await withServer(async (server) => {
      server.script(hang);
      const client = createQoderClient({ apiKey: KEY, baseUrl: server.url, timeoutMs: 60_000, maxRetries: 0 });
      const error = await rejection(client.get(ID, { timeoutMs: 100 }));
      expect(error).toBeInstanceOf(TimeoutError);
      expect(error.message).toMatch(/timed out after 100 ms/);
    });
  });

  it('bad per-call options are refused before any request', async () => {
    const { fetch, calls } = recorder(json(200, qoderAgent(ID)));
    const client = createQoderClient({ apiKey: KEY, fetch });
    for (const options of [{ timeoutMs: 0 }, { maxRetries: -1 }, { deadlineMs: Number.NaN }, { timeoutMs: '5' }]) {
      const error = await rejection(client.get(ID, options as never));
      expect(error).toBeInstanceOf(InvalidInputError);
    }
    expect(await rejection(client.get(ID, 'fast' as never))).toBeInstanceOf(InvalidInputError);
    expect(calls).toHaveLength(0);
  });
});

describe('for await walks every page', () => {
  const page = (ids: string[], more: boolean) => ({
    data: ids.map(qoderAgent),
    first_id: ids[0] ?? null,
    last_id: ids.at(-1) ?? null,
    has_more: more,
  });

  it('qoder: the awaited value is the first page; iterating yields every agent once, in order', async () => {
    const { fetch, calls } = recorder(
      json(200, page(['a1', 'a2'], true)),
      json(200, page(['a3', 'a4'], true)),
      json(200, page(['a5'], false)),
    );
    const client = createQoderClient({ apiKey: KEY, fetch });
    const listing = client.list({ limit: 2 });
    const first = await listing;
    expect(first.agents.map((a) => a.id)).toEqual(['a1', 'a2']);
    const ids: string[] = [];
    for await (const agent of listing) ids.push(agent.id);
    expect(ids).toEqual(['a1', 'a2', 'a3', 'a4', 'a5']);
    // The first page was fetched once, then one request per further page, each with the cursor.
    expect(calls.map((c) => new URL(c.url).search)).toEqual([
      '?limit=2',
      '?limit=2&after_id=a2',
      '?limit=2&after_id=a4',
    ]);
  });

  it('a page that says there is more but gives no cursor is an error, not a silent end', async () => {
    const { fetch } = recorder(json(200, { ...page(['a1'], true), last_id: null }));
    const error = await rejection(createQoderClient({ apiKey: KEY, fetch }).list());
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect(error.message).toMatch(/has_more is true but last_id is missing/);
  });

  it('an error on a later page rejects the loop (after the agents already yielded)', async () => {
    const { fetch } = recorder(
      json(200, page(['a1'], true)),
      json(404, { type: 'error', error: { type: 'not_found_error', message: 'gone' } }),
    );
    const client = createQoderClient({ apiKey: KEY, fetch, maxRetries: 0 });
    const ids: string[] = [];
    await expect(
      (async () => {
        for await (const agent of client.list()) ids.push(agent.id);
      })(),
    ).rejects.toMatchObject({ status: 404 });
    expect(ids).toEqual(['a1']);
  });
});

describe('smallest get and list', () => {
  const SID = '64f0c0ffee0000000000abcd';
  const dto = (id: string, archived = false) => ({
    _id: id,
    name: `n${id}`,
    archived,
    ...(archived ? { archivedAt: '2026-01-01T00:00:00Z' } : {}),
  });

  it('get: GET /agent/{id}, the agent under `data`, `_id` as id', async () => {
    const { fetch, calls } = recorder(json(200, { status: true, data: dto(SID, true) }));
    const agent = await createSmallestClient({ apiKey: KEY, fetch }).get(SID);
    expect(calls[0]).toMatchObject({ method: 'GET', url: `https://api.smallest.ai/atoms/v1/agent/${SID}` });
    expect(agent).toMatchObject({ id: SID, name: `n${SID}`, archived: true, archivedAt: '2026-01-01T00:00:00Z' });
    expect(agent.raw._id).toBe(SID);
  });

  it('list: page/offset from the vendor; includeArchived walks the active pages, then the archived ones', async () => {
    const { fetch, calls } = recorder(
      json(200, { status: true, data: { agents: [dto('a1'), dto('a2')], total: 3 } }),
      json(200, { status: true, data: { agents: [dto('a3')], total: 3 } }),
      json(200, { status: true, data: { agents: [dto('x1', true)], total: 1 } }),
    );
    const client = createSmallestClient({ apiKey: KEY, fetch });
    const all: string[] = [];
    for await (const agent of client.list({ limit: 2, includeArchived: true })) all.push(agent.id);
    expect(all).toEqual(['a1', 'a2', 'a3', 'x1']);
    expect(calls.map((c) => new URL(c.url).search)).toEqual([
      '?page=1&offset=2',
      '?page=2&offset=2',
      '?page=1&offset=2&archived=true',
    ]);
  });

  it('list without includeArchived stops after the active pages; a foreign cursor is refused', async () => {
    const { fetch, calls } = recorder(json(200, { status: true, data: { agents: [dto('a1')], total: 1 } }));
    const client = createSmallestClient({ apiKey: KEY, fetch });
    expect(await client.list()).toEqual({ agents: [expect.objectContaining({ id: 'a1' })], nextCursor: null });
    expect(await rejection(client.list({ cursor: '2' }))).toBeInstanceOf(InvalidInputError);
    expect(calls).toHaveLength(1);
  });
});

describe('loggers', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.restoreAllMocks();
  });

  it('accepts any console-shaped logger, callable ones too', async () => {
    const { fetch } = recorder(json(200, qoderAgent(ID)));
    const lines: string[] = [];
    const callable = Object.assign((message: string) => lines.push(`call ${message}`), {
      debug: (message: string) => lines.push(message),
    });
    await createQoderClient({ apiKey: KEY, fetch, logger: callable }).get(ID);
    expect(lines.some((l) => l.includes('request'))).toBe(true);
    expect(() => createQoderClient({ apiKey: KEY, logger: { debug: 'yes' } as never })).toThrow(InvalidInputError);
  });

  it('AGENT_LIFECYCLE_LOG=debug logs to stderr, key redacted; unset logs nothing', async () => {
    const server = await startServer(replyJson(200, qoderAgent(ID)));
    try {
      const stderr = vi.spyOn(console, 'error').mockImplementation(() => {});
      vi.stubEnv('AGENT_LIFECYCLE_LOG', 'debug');
      await createQoderClient({ apiKey: KEY, baseUrl: server.url }).get(ID);
      const logged = stderr.mock.calls.map((args) => args.join(' ')).join('\n');
      expect(logged).toMatch(/\[agent-lifecycle:qoder\] request/);
      expect(logged).toMatch(/Bearer \*\*\*/);
      expect(logged).not.toContain(KEY);

      stderr.mockClear();
      vi.stubEnv('AGENT_LIFECYCLE_LOG', '');
      await createQoderClient({ apiKey: KEY, baseUrl: server.url }).get(ID);
      expect(stderr).not.toHaveBeenCalled();
    } finally {
      await server.close();
    }
  });
});

describe('ids with whitespace', () => {
  it.each([' ', '   ', ' agent_1', 'agent_1 ', '\u00a0agent_1'])('%j is refused before any request', async (id) => {
    const { fetch, calls } = recorder(json(200, qoderAgent(ID)));
    const error = await rejection(createQoderClient({ apiKey: KEY, fetch }).archive(id));
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(error.message).toMatch(/^agentId must not (be only whitespace|start or end with whitespace)$/);
    expect(calls).toHaveLength(0);
  });
});
