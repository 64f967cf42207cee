// Malformed, empty, schema-breaking and huge bodies over a real loopback socket.
// Decision for a 2xx whose body is broken or breaks the schema: the status is authoritative for a
// lifecycle action (the vendor did it), so archive returns its result without `agent`; an operation whose
// whole point is the body (qoder get) throws the base AgentApiError (status 200, "unexpected response body").
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import {
  AgentApiError,
  type AgentClient,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  InvalidResponseError,
  NotFoundError,
  PermissionDeniedError,
  ServerError,
} from '../../src/index.js';
import { type LoopbackServer, reply, replyJson, startServer } from '../helpers/loopback-server.js';
import {
  AGENT_ID,
  archiveSuccessBody,
  boundOperations,
  change,
  errorBody,
  mainState,
  makeClient,
  rejection,
  VENDORS,
} from '../helpers/vendors.js';

let server: LoopbackServer;
beforeEach(async () => {
  server = await startServer();
});
afterEach(async () => {
  await server.close();
});

const TEN_MB = 10 * 1024 * 1024;

const EMPTY_4XX = [
  [400, BadRequestError],
  [401, AuthenticationError],
  [403, PermissionDeniedError],
  [404, NotFoundError],
  [409, ConflictError],
  [422, BadRequestError],
] as const;

const SCHEMA_BREAKERS: [string, string][] = [
  ['an array', '[1,2,3]'],
  ['a bare string', '"ok"'],
  ['null', 'null'],
  ['a number id', '{"id":42,"status":7,"data":"x"}'],
  ['an empty object', '{}'],
];

describe.each(VENDORS)('%s: bodies', (vendor) => {
  test('broken JSON on a 200: the archive still succeeds (status is authoritative), no agent, one request', async () => {
    server.script(reply(200, '{"status": true, "data": {', { 'content-type': 'application/json' }));
    const result = await change(makeClient(vendor, server.url), vendor, AGENT_ID);
    expect(result).toMatchObject({ provider: vendor, agentId: AGENT_ID, state: mainState(vendor) });
    expect(result.agent).toBeUndefined();
    expect(server.requests).toHaveLength(1);
  });

  test.each(SCHEMA_BREAKERS)('a 200 whose body is %s: a result without agent, no crash', async (_label, text) => {
    server.script(reply(200, text, { 'content-type': 'application/json' }));
    const result = await change(makeClient(vendor, server.url), vendor, AGENT_ID);
    expect(result).toMatchObject({ agentId: AGENT_ID, state: mainState(vendor) });
    expect(result.agent).toBeUndefined();
    expect(server.requests).toHaveLength(1);
  });

  test('broken JSON on a 404: NotFoundError with the raw text as body, one request', async () => {
    server.script(reply(404, '{"errors": ["Agent not fo', { 'content-type': 'application/json' }));
    const error = await rejection(change(makeClient(vendor, server.url), vendor, AGENT_ID));
    expect(error).toBeInstanceOf(NotFoundError);
    expect((error as NotFoundError).body).toBe('{"errors": ["Agent not fo');
    expect((error as NotFoundError).vendorMessage).toBeUndefined();
    expect(server.requests).toHaveLength(1);
  });

  test('broken JSON on a 500: ServerError after retries', async () => {
    server.script(reply(500, '{"error": {"message": ', { 'content-type': 'application/json' }));
    const error = await rejection(change(makeClient(vendor, server.url, { maxRetries: 1 }), vendor, AGENT_ID));
    expect(error).toBeInstanceOf(ServerError);
    expect(server.requests).toHaveLength(2);
  });

  test.each(EMPTY_4XX)('an empty %i body: the status class, body undefined, one request', async (status, Class) => {
    server.script(reply(status, ''));
    const error = await rejection(change(makeClient(vendor, server.url), vendor, AGENT_ID));
    expect(error).toBeInstanceOf(Class);
    expect((error as AgentApiError).status).toBe(status);
    expect((error as AgentApiError).body).toBeUndefined();
    expect((error as AgentApiError).message).toContain('empty response body');
    expect(server.requests).toHaveLength(1);
  });

  test('an empty 404 with chunked encoding (no Content-Length): NotFoundError', async () => {
    server.script((_req, res) => {
      res.writeHead(404, { 'transfer-encoding': 'chunked' });
      res.end();
    });
    const error = await rejection(change(makeClient(vendor, server.url), vendor, AGENT_ID));
    expect(error).toBeInstanceOf(NotFoundError);
    expect(server.requests).toHaveLength(1);
  });

  test('a 10 MB success body: the result, one request', async () => {
    server.script(replyJson(200, archiveSuccessBody(vendor, AGENT_ID, 'x'.repeat(TEN_MB))));
    const result = await change(makeClient(vendor, server.url, { timeoutMs: 10_000 }), vendor, AGENT_ID);
    expect(result).toMatchObject({ agentId: AGENT_ID, state: mainState(vendor) });
    expect(server.requests).toHaveLength(1);
  });

  test('a 10 MB HTML 500: ServerError whose body is cut to ~2,000 characters', async () => {
    server.script(reply(500, `<html>${'x'.repeat(TEN_MB)}</html>`, { 'content-type': 'text/html' }));
    const error = await rejection(
      change(makeClient(vendor, server.url, { maxRetries: 0, timeoutMs: 10_000 }), vendor, AGENT_ID),
    );
    expect(error).toBeInstanceOf(ServerError);
    expect(((error as ServerError).body as string).length).toBeLessThanOrEqual(2001);
    expect((error as ServerError).message.length).toBeLessThan(4_096);
    expect(server.requests).toHaveLength(1);
  });

  test('a 10 MB vendor message in a JSON 404: err.message stays bounded', async () => {
    server.script(replyJson(404, errorBody(vendor, 404, 'y'.repeat(TEN_MB))));
    const error = await rejection(
      change(makeClient(vendor, server.url, { maxRetries: 0, timeoutMs: 10_000 }), vendor, AGENT_ID),
    );
    expect(error).toBeInstanceOf(NotFoundError);
    expect((error as NotFoundError).message.length).toBeLessThan(4_096);
  });
});

// Every vendor whose façade reads an agent back (`get`), from the registry.
const READERS = VENDORS.filter((vendor) => boundOperations(vendor).includes('get'));

describe.each(READERS)('%s get: the body is the answer', (vendor) => {
  test.each(SCHEMA_BREAKERS)('a 200 whose body is %s: InvalidResponseError, status 200', async (_label, text) => {
    server.script(reply(200, text, { 'content-type': 'application/json' }));
    const error = await rejection((makeClient(vendor, server.url) as AgentClient).get(AGENT_ID));
    // An AgentApiError, but not a 4xx/5xx subclass: the vendor's answer broke its own spec.
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect(error).toBeInstanceOf(AgentApiError);
    expect(error).not.toBeInstanceOf(ServerError);
    expect((error as AgentApiError).status).toBe(200);
    expect((error as AgentApiError).message).toContain(`${vendor}: 200 invalid_response: `);
    expect(server.requests).toHaveLength(1);
  });

  test('broken JSON on a 200: InvalidResponseError, raw text kept', async () => {
    server.script(reply(200, '{"id": "agent_1", "name"', { 'content-type': 'application/json' }));
    const error = await rejection((makeClient(vendor, server.url) as AgentClient).get(AGENT_ID));
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect((error as AgentApiError).message).toContain('the body is not valid JSON');
    expect((error as AgentApiError).body).toBe('{"id": "agent_1", "name"');
    expect(server.requests).toHaveLength(1);
  });
});
