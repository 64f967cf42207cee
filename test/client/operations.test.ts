import { describe, expect, it } from 'vitest';
import {
  AgentApiError,
  type LifecycleOperation,
  type ProviderName,
  providers,
  UnsupportedOperationError,
} from '../../src/index.js';
import { client, json, KEY, recorder, rejection, text } from '../helpers/fetch-stubs.js';

const qoderAgent = {
  type: 'agent',
  id: 'agent_019eXXXXXXXXXXXXXXXXXXXXXXXXXXXX',
  name: 'doc-test-agent-updated',
  description: 'Used for API documentation testing',
  model: 'ultimate',
  system: 'You are an updated documentation testing assistant.',
  tools: [],
  mcp_servers: [],
  skills: [],
  metadata: {},
  version: 2,
  archived: true,
  archived_at: '2026-05-18T15:27:22.698411Z',
  created_at: '2026-05-18T15:26:39.61669Z',
  updated_at: '2026-05-18T15:27:22.698411Z',
};

const ayraAgent = (id: string, status: string) => ({
  id,
  name: `Agent ${id}`,
  status,
  system_prompt: 'Be brief.',
  welcome_message: 'Hi',
  metadata: {},
  created_at: '2026-01-01T00:00:00Z',
  updated_at: '2026-01-02T00:00:00Z',
});

describe('smallest', () => {
  const SMALLEST_ID = '60d0fe4f5311236168a109ca';

  it('archive: DELETE /agent/{id}/archive?on=true, bearer auth, no body, no Content-Type', async () => {
    const { fetch, calls } = recorder(
      json(200, { status: true, data: { message: 'Agent archived' } }, { 'x-request-id': 'req_1' }),
    );
    const result = await client('smallest', fetch).archive(SMALLEST_ID);
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({
      method: 'DELETE',
      url: `https://api.smallest.ai/atoms/v1/agent/${SMALLEST_ID}/archive?on=true`,
      body: '',
    });
    expect(calls[0]!.headers.authorization).toBe(`Bearer ${KEY}`);
    // Prism (and some proxies) reject a DELETE that declares JSON but sends nothing.
    expect(calls[0]!.headers['content-type']).toBeUndefined();
    expect(result).toEqual({ provider: 'smallest', agentId: SMALLEST_ID, state: 'archived', requestId: 'req_1' });
  });

  it('unarchive: same route with on=false', async () => {
    const { fetch, calls } = recorder(json(200, { status: true, data: { message: 'Agent unarchived' } }));
    const result = await client('smallest', fetch).unarchive(SMALLEST_ID);
    expect(calls[0]!.method).toBe('DELETE');
    expect(calls[0]!.url).toBe(`https://api.smallest.ai/atoms/v1/agent/${SMALLEST_ID}/archive?on=false`);
    expect(calls[0]!.headers['content-type']).toBeUndefined();
    expect(result).toEqual({ provider: 'smallest', agentId: SMALLEST_ID, state: 'active' });
  });

  it('discardDraft: DELETE /agent/{id}/drafts/{draftId}', async () => {
    const { fetch, calls } = recorder(json(200, { status: true, data: null }));
    const result = await client('smallest', fetch).discardDraft(SMALLEST_ID, 'draft_42');
    expect(calls[0]).toMatchObject({
      method: 'DELETE',
      url: `https://api.smallest.ai/atoms/v1/agent/${SMALLEST_ID}/drafts/draft_42`,
      body: '',
    });
    expect(calls[0]!.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(calls[0]!.headers['content-type']).toBeUndefined();
    expect(result).toEqual({ provider: 'smallest', agentId: SMALLEST_ID, state: 'discarded' });
  });

  it('treats a 2xx with an odd body as success (the body is informational)', async () => {
    const { fetch } = recorder(text(200, 'not json'));
    await expect(client('smallest', fetch).archive(SMALLEST_ID)).resolves.toMatchObject({ state: 'archived' });
  });
});

describe('qoder', () => {
  const ID = qoderAgent.id;

  it('archive: POST /agents/{agent_id}/archive with no body; returns the normalized agent', async () => {
    const { fetch, calls } = recorder(json(200, qoderAgent, { 'request-id': 'rq_9' }));
    const result = await client('qoder', fetch).archive(ID);
    expect(calls[0]).toMatchObject({
      method: 'POST',
      url: `https://api.qoder.com/api/v1/cloud/agents/${ID}/archive`,
      body: '',
    });
    expect(calls[0]!.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(calls[0]!.headers['content-type']).toBeUndefined();
    expect(result).toEqual({
      provider: 'qoder',
      agentId: ID,
      state: 'archived',
      requestId: 'rq_9',
      agent: {
        id: ID,
        name: 'doc-test-agent-updated',
        archived: true,
        archivedAt: qoderAgent.archived_at,
        raw: qoderAgent,
      },
    });
  });

  it('get: GET /agents/{agent_id}; derives `archived` from archived_at when the field is missing', async () => {
    const { archived: _omitted, ...withoutFlag } = qoderAgent;
    const { fetch, calls } = recorder(json(200, withoutFlag), json(200, { ...withoutFlag, archived_at: null }));
    const c = client('qoder', fetch);
    const agent = await c.get(ID);
    expect(calls[0]).toMatchObject({ method: 'GET', url: `https://api.qoder.com/api/v1/cloud/agents/${ID}`, body: '' });
    expect(calls[0]!.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(agent).toEqual({
      id: ID,
      name: 'doc-test-agent-updated',
      archived: true,
      archivedAt: qoderAgent.archived_at,
      raw: withoutFlag,
    });
    expect(await c.get(ID)).toMatchObject({ archived: false, archivedAt: null });
  });

  it('list: GET /agents with limit, after_id and include_archived; nextCursor = last_id when has_more', async () => {
    const { fetch, calls } = recorder(
      json(200, { data: [qoderAgent], first_id: ID, last_id: ID, has_more: true }),
      json(200, { data: [], first_id: null, last_id: null, has_more: false }),
    );
    const c = client('qoder', fetch);
    const page1 = await c.list({ limit: 1, includeArchived: true });
    expect(calls[0]).toMatchObject({
      method: 'GET',
      url: 'https://api.qoder.com/api/v1/cloud/agents?limit=1&include_archived=true',
    });
    expect(page1.agents.map((a) => a.id)).toEqual([ID]);
    expect(page1.nextCursor).toBe(ID);
    const page2 = await c.list({ cursor: page1.nextCursor! });
    expect(calls[1]!.url).toBe(`https://api.qoder.com/api/v1/cloud/agents?after_id=${ID}`);
    expect(page2).toEqual({ agents: [], nextCursor: null });
  });

  it('list without options sends no query at all', async () => {
    const { fetch, calls } = recorder(json(200, { data: [], first_id: null, last_id: null, has_more: false }));
    await client('qoder', fetch).list();
    expect(calls[0]!.url).toBe('https://api.qoder.com/api/v1/cloud/agents');
  });

  it('get: a 200 without an agent is a typed error, not a TypeError', async () => {
    const { fetch } = recorder(text(200, '<html>oops</html>'));
    const error = await rejection(client('qoder', fetch).get(ID));
    expect(error.name).toBe('InvalidResponseError');
    expect(error).toBeInstanceOf(AgentApiError);
    expect(error).toMatchObject({ status: 200, code: 'invalid_response', body: '<html>oops</html>' });
  });
});

describe('ayra', () => {
  const ID = 'agent_abc123xyz789';

  it('archive: PUT /agents/{agent_id} {"status":"archived"} as JSON', async () => {
    const { fetch, calls } = recorder(json(200, ayraAgent(ID, 'archived')));
    const result = await client('ayra', fetch).archive(ID);
    expect(calls[0]).toMatchObject({ method: 'PUT', url: `https://api.ayra.ai/v1/agents/${ID}` });
    expect(JSON.parse(calls[0]!.body)).toEqual({ status: 'archived' });
    expect(calls[0]!.headers['content-type']).toBe('application/json');
    expect(calls[0]!.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(result).toMatchObject({
      provider: 'ayra',
      agentId: ID,
      state: 'archived',
      agent: { id: ID, archived: true, archivedAt: null },
    });
  });

  it('unarchive: PUT {"status":"active"}; tolerates an empty 200 (the body is inferred)', async () => {
    const { fetch, calls } = recorder(text(200, ''));
    const result = await client('ayra', fetch).unarchive(ID);
    expect(calls[0]!.method).toBe('PUT');
    expect(JSON.parse(calls[0]!.body)).toEqual({ status: 'active' });
    expect(result).toEqual({ provider: 'ayra', agentId: ID, state: 'active' });
  });

  it('delete: DELETE /agents/{agent_id}, 204', async () => {
    const { fetch, calls } = recorder(text(204, null, { 'x-request-id': 'ay_1' }));
    const result = await client('ayra', fetch).delete(ID);
    expect(calls[0]).toMatchObject({ method: 'DELETE', url: `https://api.ayra.ai/v1/agents/${ID}`, body: '' });
    expect(calls[0]!.headers['content-type']).toBeUndefined();
    expect(calls[0]!.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(result).toEqual({ provider: 'ayra', agentId: ID, state: 'deleted', requestId: 'ay_1' });
  });

  it('list: page cursor from has_more; archived agents dropped unless includeArchived', async () => {
    const { fetch, calls } = recorder(
      json(200, {
        data: [ayraAgent('a1', 'active'), ayraAgent('a2', 'archived')],
        page: 1,
        per_page: 2,
        has_more: true,
      }),
      json(200, { data: [ayraAgent('a3', 'paused')], page: 2, per_page: 2, has_more: false }),
    );
    const c = client('ayra', fetch);
    const page1 = await c.list({ limit: 2 });
    expect(calls[0]).toMatchObject({ method: 'GET', url: 'https://api.ayra.ai/v1/agents?page=1&per_page=2' });
    expect(page1.agents.map((a) => a.id)).toEqual(['a1']);
    expect(page1.nextCursor).toBe('2');
    const page2 = await c.list({ limit: 2, cursor: '2', includeArchived: true });
    expect(calls[1]!.url).toBe('https://api.ayra.ai/v1/agents?page=2&per_page=2');
    expect(page2).toMatchObject({ agents: [{ id: 'a3', archived: false }], nextCursor: null });
  });

  it('list: without has_more, a full page means there may be another', async () => {
    const { fetch } = recorder(
      json(200, { data: [ayraAgent('a1', 'active'), ayraAgent('a2', 'active')], page: 3, per_page: 2 }),
      json(200, { data: [ayraAgent('a1', 'active')], page: 4, per_page: 2 }),
    );
    const c = client('ayra', fetch);
    expect((await c.list({ limit: 2, cursor: '3' })).nextCursor).toBe('4');
    expect((await c.list({ limit: 2, cursor: '4' })).nextCursor).toBeNull();
  });

  it('list: a cursor that is not a page number is refused before any request', async () => {
    const { fetch, calls } = recorder(json(200, { data: [] }));
    const error = await rejection(client('ayra', fetch).list({ cursor: 'agent_x' }));
    expect(error.name).toBe('InvalidInputError');
    expect(calls).toHaveLength(0);
  });
});

describe('capability matrix', () => {
  const matrix: Record<string, LifecycleOperation[]> = {
    smallest: ['archive', 'unarchive', 'discardDraft', 'get', 'list'],
    qoder: ['archive', 'get', 'list'],
    ayra: ['archive', 'unarchive', 'delete', 'list'],
  };
  const all: LifecycleOperation[] = ['archive', 'unarchive', 'delete', 'discardDraft', 'get', 'list'];

  for (const [name, supported] of Object.entries(matrix)) {
    it(`${name}: supports() matches the contract and unsupported ops throw before any request`, async () => {
      const { fetch, calls } = recorder(json(200, {}));
      const c = client(name as ProviderName, fetch);
      for (const op of all) {
        expect(c.supports(op), op).toBe(supported.includes(op));
        if (supported.includes(op)) continue;
        const call = op === 'discardDraft' ? c.discardDraft('a', 'b') : op === 'list' ? c.list() : c[op]('a');
        const error = await rejection(call);
        expect(error).toBeInstanceOf(UnsupportedOperationError);
        expect(error).toMatchObject({ provider: name, operation: op });
      }
      expect(calls).toHaveLength(0);
    });
  }

  it('operations bind each façade method to a route (method and path) of the spec', () => {
    expect(providers.smallest.operations).toEqual({
      archive: ['delete', '/agent/{id}/archive'],
      unarchive: ['delete', '/agent/{id}/archive'],
      discardDraft: ['delete', '/agent/{id}/drafts/{draftId}'],
      get: ['get', '/agent/{id}'],
      list: ['get', '/agent'],
    });
    expect(providers.qoder.operations).toEqual({
      archive: ['post', '/agents/{agent_id}/archive'],
      get: ['get', '/agents/{agent_id}'],
      list: ['get', '/agents'],
    });
    expect(providers.ayra.operations).toEqual({
      archive: ['put', '/agents/{agent_id}'],
      unarchive: ['put', '/agents/{agent_id}'],
      delete: ['delete', '/agents/{agent_id}'],
      list: ['get', '/agents'],
    });
    for (const def of Object.values(providers)) {
      for (const op of Object.keys(def.operations))
        expect(typeof (def as any)[op], `${def.name}.${op}`).toBe('function');
    }
  });

  it('supports() is false for names that are not operations', () => {
    const c = client('ayra', recorder(json(200, {})).fetch);
    expect(c.supports('parseError' as LifecycleOperation)).toBe(false);
    expect(c.supports('toString' as LifecycleOperation)).toBe(false);
  });
});

describe('raw client', () => {
  it('is the typed openapi-fetch client with the same auth and base URL', async () => {
    const { fetch, calls } = recorder(json(200, qoderAgent));
    const c = client('qoder', fetch);
    const { data } = await c.raw.GET('/agents/{agent_id}', { params: { path: { agent_id: 'agent_1' } } });
    expect(data?.id).toBe(qoderAgent.id);
    expect(calls[0]!.url).toBe('https://api.qoder.com/api/v1/cloud/agents/agent_1');
    expect(calls[0]!.headers.authorization).toBe(`Bearer ${KEY}`);
  });

  it('uses a custom baseUrl (trailing slash tolerated)', async () => {
    const { fetch, calls } = recorder(json(200, qoderAgent));
    await client('qoder', fetch, { baseUrl: 'http://127.0.0.1:4010/' }).get('agent_1');
    expect(calls[0]!.url).toBe('http://127.0.0.1:4010/agents/agent_1');
  });
});
