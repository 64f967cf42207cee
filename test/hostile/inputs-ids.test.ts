// Every id-taking operation of every vendor, fed every hostile id: InvalidInputError before any request,
// or one request whose raw path has exactly the intended segments (checked on the loopback server).
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import {
  type AgentClient,
  createAgentClient,
  InvalidInputError,
  type LifecycleOperation,
  UnsupportedOperationError,
} from '../../src/index.js';
import { HOSTILE_IDS, type HostileId } from '../helpers/hostile-ids.js';
import { type LoopbackServer, replyJson, startServer } from '../helpers/loopback-server.js';
import {
  boundOperations,
  decodedSegments,
  rejection,
  routeOf,
  successBody,
  VENDORS,
  type Vendor,
} from '../helpers/vendors.js';

interface Slot {
  name: string;
  vendor: Vendor;
  op: LifecycleOperation;
  method: string;
  /** The path after the base URL, with `id` where the hostile value goes. */
  segments: (id: string) => string[];
  call(client: AgentClient, id: unknown): Promise<{ agentId?: string; id?: string }>;
}

const ID = 'agent_1';
const DRAFT = 'draft_1';
const ID_OPERATIONS = ['archive', 'unarchive', 'delete', 'get', 'discardDraft'] as const;

/** Every id-taking operation each registered vendor binds (discardDraft twice: each of its ids). */
const SLOTS: Slot[] = VENDORS.flatMap((vendor) =>
  ID_OPERATIONS.filter((op) => boundOperations(vendor).includes(op)).flatMap((op): Slot[] => {
    const { method } = routeOf(vendor, op, ID);
    if (op === 'discardDraft')
      return [
        {
          name: 'discardDraft(agentId)',
          vendor,
          op,
          method,
          segments: (id) => routeOf(vendor, op, id, DRAFT).segments,
          call: (c, id) => c.discardDraft(id as string, DRAFT),
        },
        {
          name: 'discardDraft(draftId)',
          vendor,
          op,
          method,
          segments: (id) => routeOf(vendor, op, ID, id).segments,
          call: (c, id) => c.discardDraft(ID, id as string),
        },
      ];
    return [
      {
        name: op,
        vendor,
        op,
        method,
        segments: (id) => routeOf(vendor, op, id).segments,
        call: (c, id) => (c[op] as (id: string) => Promise<{ agentId?: string }>)(id as string),
      },
    ];
  }),
);

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

/** The query a benign id gets, per slot: a hostile id must never add or change a parameter. */
const baselineQuery = new Map<Slot, string>();

async function check(slot: Slot, entry: HostileId): Promise<void> {
  const client = createAgentClient({
    provider: slot.vendor,
    apiKey: 'sk_test_inputs',
    baseUrl: `${server.url}/base/v1`,
    maxRetries: 0,
  });
  server.script(replyJson(200, successBody(slot.vendor, slot.op)));
  if (!baselineQuery.has(slot)) {
    await slot.call(client, ID);
    baselineQuery.set(slot, server.requests[0]!.url.split('?').slice(1).join('?'));
    server.requests.length = 0;
  }
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
  expect(seen.url.split('?').slice(1).join('?')).toBe(baselineQuery.get(slot));
  if (slot.name !== 'get' && slot.name !== 'discardDraft(draftId)') expect(outcome?.agentId).toBe(entry.value);
}

describe.each(SLOTS.map((s) => [`${s.vendor}.${s.name}`, s] as const))('%s', (_name, slot) => {
  test.each(HOSTILE_IDS.map((e) => [e.label, e] as const))('%s', async (_label, entry) => check(slot, entry));
});

test('the table is big enough: at least 40 hostile ids', () => {
  expect(HOSTILE_IDS.length).toBeGreaterThanOrEqual(40);
});

describe('unsupported id-taking operations: UnsupportedOperationError, no request, even with a hostile id', () => {
  // From the registry: every id-taking operation a vendor does not bind, called with hostile ids.
  const unsupported: [Vendor, LifecycleOperation, unknown][] = VENDORS.flatMap((vendor) =>
    ID_OPERATIONS.filter((op) => !boundOperations(vendor).includes(op)).flatMap((op) =>
      ['..', ID, null].map((id) => [vendor, op, id] as [Vendor, LifecycleOperation, unknown]),
    ),
  );
  test.each(unsupported)('%s.%s(%j)', async (vendor, op, id) => {
    const client = createAgentClient({
      provider: vendor,
      apiKey: 'sk_test_inputs',
      baseUrl: server.url,
      maxRetries: 0,
    });
    const call = (client as AgentClient)[op] as (...args: unknown[]) => Promise<unknown>;
    expect(await rejection(call(id, DRAFT))).toBeInstanceOf(UnsupportedOperationError);
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
