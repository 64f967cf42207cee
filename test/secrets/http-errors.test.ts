// The API key never leaks through an HTTP error, even when the server echoes it back everywhere:
// not in message, String(), JSON, util.inspect (hidden props), stack, cause chain, or logger output.
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import {
  type AgentApiError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  createAgentClient,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  ServerError,
} from '../../src/index.js';
import { echoCredentials } from '../helpers/echo.js';
import { errorSurfaces, KEY, KEY_CORE, leakingSurfaces, recordingLogger } from '../helpers/leaks.js';
import { type LoopbackServer, startServer } from '../helpers/loopback-server.js';
import { change, rejection, VENDORS } from '../helpers/vendors.js';

let server: LoopbackServer;
beforeEach(async () => {
  server = await startServer();
});
afterEach(async () => {
  await server.close();
});

const STATUSES = [
  [400, BadRequestError],
  [401, AuthenticationError],
  [403, PermissionDeniedError],
  [404, NotFoundError],
  [409, ConflictError],
  [422, BadRequestError],
  [429, RateLimitError],
  [500, ServerError],
  [503, ServerError],
] as const;

describe.each(VENDORS)('%s', (vendor) => {
  test.each(STATUSES)('%i with the key echoed everywhere: no surface carries it', async (status, Class) => {
    server.script(echoCredentials(vendor, status));
    const { logger, lines } = recordingLogger();
    const client = createAgentClient({ provider: vendor, apiKey: KEY, baseUrl: server.url, maxRetries: 1, logger });
    const error = await rejection(change(client, vendor, 'agent_1'));

    // The echo is real: the key went out, so it could have come back.
    expect(server.requests[0]!.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(error).toBeInstanceOf(Class);
    expect((error as AgentApiError).status).toBe(status);
    const surfaces = { ...errorSurfaces(error), logger: lines.join('\n') };
    expect(lines.length).toBeGreaterThan(0);
    expect(leakingSurfaces(surfaces, KEY)).toEqual([]);
    expect(leakingSurfaces(surfaces, KEY_CORE)).toEqual([]);
  });
});

test('the redacted echo still reads as the vendor said it (masked, not dropped)', async () => {
  server.script(echoCredentials('smallest', 401));
  const error = (await rejection(
    createAgentClient({ provider: 'smallest', apiKey: KEY, baseUrl: server.url, maxRetries: 0 }).archive('agent_1'),
  )) as AgentApiError;
  expect(error.vendorMessage).toBe('invalid token *** (sent as "Bearer ***")');
  expect(error.headers['x-echo-authorization']).toBe('Bearer ***');
});

test('a key straddling the 2,000-character cut of a text body leaves no prefix behind', async () => {
  server.script(
    (_req, res) =>
      void res.writeHead(500, { 'content-type': 'text/plain' }).end(`${'x'.repeat(1_990)}${KEY}${'y'.repeat(100)}`),
  );
  const error = await rejection(
    createAgentClient({ provider: 'qoder', apiKey: KEY, baseUrl: server.url, maxRetries: 0 }).archive('a'),
  );
  expect(error).toBeInstanceOf(ServerError);
  const surfaces = errorSurfaces(error);
  expect(leakingSurfaces(surfaces, KEY.slice(0, 10))).toEqual([]);
});

// Was a bug: src/client/error-from-response.ts used response.statusText (the server's reason phrase) in err.message unredacted.
test('a key echoed in the HTTP reason phrase does not reach err.message', async () => {
  server.script((req, res) => {
    res.writeHead(400, `Bad token ${String(req.headers.authorization)}`, { 'content-type': 'application/json' });
    res.end('{}');
  });
  const error = await rejection(
    createAgentClient({ provider: 'ayra', apiKey: KEY, baseUrl: server.url, maxRetries: 0 }).archive('a'),
  );
  expect(error).toBeInstanceOf(BadRequestError);
  expect(leakingSurfaces(errorSurfaces(error), KEY)).toEqual([]);
});
