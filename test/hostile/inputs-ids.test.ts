// Every id-taking operation of every vendor, fed every hostile id: InvalidInputError before any request,
// or one request whose raw path has exactly the intended segments (checked on the loopback server).
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { type AgentClient, createAgentClient, InvalidInputError, UnsupportedOperationError } from '../../src/index.js';
import { type LoopbackServer, replyJson, startServer } from '../support/loopback-server.js';
import { HOSTILE_IDS, type HostileId } from './helpers/hostile-ids.js';
import { archiveSuccessBody, decodedSegments, getSuccessBody, rejection, type Vendor } from './helpers/vendors.js';

interface Slot {
  name: string;
  vendor: Vendor;
  method: string;
  /** The path after the base URL, with `id` where the hostile value goes. */
  segments: (id: string) => string[];
  /** The exact query string: an id must never add or change a parameter. */
  query?: string;
  call(client: AgentClient, id: unknown): Promise<{ agentId?: string; id?: string }>;
}

const ID = 'agent_1';
const DRAFT = 'draft_1';
const SLOTS: Slot[] = [
  {
    name: 'archive',
    vendor: 'smallest',
    method: 'DELETE',
    segments: (id) => ['agent', id, 'archive'],
    query: 'on=true',
    call: (c, id) => c.archive(id as string),
  },
  {
    name: 'unarchive',
    vendor: 'smallest',
    method: 'DELETE',
    segments: (id) => ['agent', id, 'archive'],
    query: 'on=false',
    call: (c, id) => c.unarchive(id as string),
  },
  {
    name: 'discardDraft(agentId)',
    vendor: 'smallest',
    method: 'DELETE',
    segments: (id) => ['agent', id, 'drafts', DRAFT],
    call: (c, id) => c.discardDraft(id as string, DRAFT),
  },
  {
    name: 'discardDraft(draftId)',
    vendor: 'smallest',
    method: 'DELETE',
    segments: (id) => ['agent', ID, 'drafts', id],
    call: (c, id) => c.discardDraft(ID, id as string),
  },
  {
    name: 'archive',
    vendor: 'qoder',
    method: 'POST',
    segments: (id) => ['agents', id, 'archive'],
    call: (c, id) => c.archive(id as string),
  },
  {
    name: 'get',
    vendor: 'qoder',
    method: 'GET',
    segments: (id) => ['agents', id],
    call: (c, id) => c.get(id as string),
  },
  {
    name: 'archive',
    vendor: 'ayra',
    method: 'PUT',
    segments: (id) => ['agents', id],
    call: (c, id) => c.archive(id as string),
  },
  {
    name: 'unarchive',
    vendor: 'ayra',
    method: 'PUT',
    segments: (id) => ['agents', id],
    call: (c, id) => c.unarchive(id as string),
  },
  {
    name: 'delete',
    vendor: 'ayra',
    method: 'DELETE',
    segments: (id) => ['agents', id],
    call: (c, id) => c.delete(id as string),
  },
];

// A base path, so a traversal that escapes it shows up as a missing prefix.
const PREFIX = ['', 'base', 'v1'];

let server: LoopbackServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  server.requests.length = 0;
});

function success(vendor: Vendor) {
  if (vendor === 'smallest') return replyJson(200, { status: true, data: null });
  if (vendor === 'qoder') return replyJson(200, getSuccessBody(ID));
  return replyJson(200, archiveSuccessBody('ayra', ID));
}

async function check(slot: Slot, entry: HostileId): Promise<void> {
  server.script(success(slot.vendor));
  const client = createAgentClient({
    provider: slot.vendor,
    apiKey: 'sk_test_inputs',
    baseUrl: `${server.url}/base/v1`,
    maxRetries: 0,
  });
  let outcome: { agentId?: string } | undefined;
  let error: unknown;
  try {
    outcome = await slot.call(client, entry.value);
  } catch (e) {
    error = e;
  }
  if (error !== undefined || entry.must === 'reject') {
    expect(error).toBeInstanceOf(InvalidInputError);
    // Messages never echo the value (it might be a secret or a terminal escape).
    if (typeof entry.value === 'string' && entry.value.length > 3)
      expect((error as Error).message).not.toContain(entry.value);
    expect(server.requests).toHaveLength(0);
    return;
  }
  expect(server.requests).toHaveLength(1);
  const seen = server.requests[0]!;
  expect(seen.method).toBe(slot.method);
  expect(decodedSegments(seen.url)).toEqual([...PREFIX, ...slot.segments(entry.value as string)]);
  expect(seen.url.split('?').slice(1).join('?')).toBe(slot.query ?? '');
  if (slot.name !== 'get' && slot.name !== 'discardDraft(draftId)') expect(outcome?.agentId).toBe(entry.value);
}

describe.each(SLOTS.map((s) => [`${s.vendor}.${s.name}`, s] as const))('%s', (_name, slot) => {
  test.each(HOSTILE_IDS.map((e) => [e.label, e] as const))('%s', async (_label, entry) => check(slot, entry));
});

test('the table is big enough: at least 40 hostile ids', () => {
  expect(HOSTILE_IDS.length).toBeGreaterThanOrEqual(40);
});

describe('unsupported id-taking operations: UnsupportedOperationError, no request, even with a hostile id', () => {
  const unsupported: [Vendor, (c: AgentClient) => Promise<unknown>][] = [
    ['smallest', (c) => c.delete('..')],
    ['smallest', (c) => c.delete(ID)],
    ['qoder', (c) => c.unarchive(ID)],
    ['qoder', (c) => c.delete(null as unknown as string)],
    ['qoder', (c) => c.discardDraft(ID, DRAFT)],
    ['ayra', (c) => c.get('../x')],
    ['ayra', (c) => c.discardDraft(ID, DRAFT)],
  ];
  test.each(unsupported)('%s: %s', async (vendor, call) => {
    const client = createAgentClient({
      provider: vendor,
      apiKey: 'sk_test_inputs',
      baseUrl: server.url,
      maxRetries: 0,
    });
    expect(await rejection(call(client))).toBeInstanceOf(UnsupportedOperationError);
    expect(server.requests).toHaveLength(0);
  });
});

describe('bad call options', () => {
  test.each([[{ signal: {} }], [{ signal: 'abort' }], [{ signal: { aborted: false, addEventListener() {} } }]])(
    'signal %j: InvalidInputError, no request',
    async (options) => {
      const client = createAgentClient({
        provider: 'qoder',
        apiKey: 'sk_test_inputs',
        baseUrl: server.url,
        maxRetries: 0,
      });
      expect(await rejection(client.archive(ID, options as never))).toBeInstanceOf(InvalidInputError);
      expect(server.requests).toHaveLength(0);
    },
  );
});
