import { describe, expect, it } from 'vitest';
import {
  AgentApiError,
  AgentLifecycleError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  ServerError,
} from '../../src/index.js';
import { client, json, recorder, rejection, text } from '../helpers/fetch-stubs.js';
import { change, VENDORS } from '../helpers/vendors.js';

const SMALLEST_ID = '60d0fe4f5311236168a109ca';

const families = [
  { status: 400, Class: BadRequestError, code: 'invalid_request' },
  { status: 422, Class: BadRequestError, code: 'invalid_request' },
  { status: 401, Class: AuthenticationError, code: 'unauthorized' },
  { status: 403, Class: PermissionDeniedError, code: 'forbidden' },
  { status: 404, Class: NotFoundError, code: 'not_found' },
  { status: 409, Class: ConflictError, code: 'conflict' },
  { status: 429, Class: RateLimitError, code: 'rate_limited' },
  { status: 500, Class: ServerError, code: 'server_error' },
  { status: 503, Class: ServerError, code: 'server_error' },
] as const;

describe('status -> class and code, per vendor envelope', () => {
  for (const { status, Class, code } of families) {
    it(`smallest ${status}: {status:false, errors[], error_type}`, async () => {
      const { fetch } = recorder(
        json(
          status,
          { status: false, errors: ['First problem', 'Second'], error_type: 'some_type' },
          { 'x-request-id': 'sm_req' },
        ),
      );
      const error = await rejection(client('smallest', fetch).archive(SMALLEST_ID));
      expect(error).toBeInstanceOf(Class);
      expect(error).toBeInstanceOf(AgentApiError);
      expect(error).toBeInstanceOf(AgentLifecycleError);
      expect(error).toMatchObject({
        provider: 'smallest',
        status,
        code,
        vendorCode: 'some_type',
        vendorMessage: 'First problem; Second',
        requestId: 'sm_req',
        body: { status: false, errors: ['First problem', 'Second'], error_type: 'some_type' },
      });
      expect(error.headers['x-request-id']).toBe('sm_req');
      expect(error.message).toContain('First problem');
    });

    it(`qoder ${status}: {type:'error', error:{type,message,param}}`, async () => {
      const body = {
        type: 'error',
        error: { type: 'not_found_error', message: "Agent 'agent_nonexistent' was not found.", param: 'agent_id' },
      };
      const { fetch } = recorder(json(status, body, { 'request-id': 'qd_req' }));
      const error = await rejection(client('qoder', fetch).get('agent_nonexistent'));
      expect(error).toBeInstanceOf(Class);
      expect(error).toMatchObject({
        provider: 'qoder',
        status,
        code,
        vendorCode: 'not_found_error',
        vendorMessage: "Agent 'agent_nonexistent' was not found.",
        requestId: 'qd_req',
        body,
      });
    });

    it(`ayra ${status}: {error:{type,message,code,...extra}}`, async () => {
      const body = {
        error: { type: 'not_found', message: 'Agent not found', code: 'agent_not_found', agent_id: 'agent_invalid123' },
      };
      const { fetch } = recorder(json(status, body));
      const error = await rejection(client('ayra', fetch).delete('agent_invalid123'));
      expect(error).toBeInstanceOf(Class);
      expect(error).toMatchObject({
        provider: 'ayra',
        status,
        code,
        vendorCode: 'agent_not_found',
        vendorMessage: 'Agent not found',
        body,
      });
      expect(error.requestId).toBeUndefined();
    });
  }

  it('ayra 409 with active calls keeps the extra fields', async () => {
    const body = {
      error: {
        type: 'conflict',
        message: 'Cannot delete agent with active calls',
        code: 'agent_has_active_calls',
        active_calls: 2,
      },
    };
    const error = await rejection(client('ayra', recorder(json(409, body)).fetch).delete('agent_abc'));
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.vendorCode).toBe('agent_has_active_calls');
    expect(error.body.error.active_calls).toBe(2);
  });

  it('ayra 401 example from the vendor notes', async () => {
    const body = { error: { type: 'authentication_error', message: 'No API key provided', code: 'missing_api_key' } };
    const error = await rejection(client('ayra', recorder(json(401, body)).fetch).archive('agent_abc'));
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error).toMatchObject({ vendorCode: 'missing_api_key', vendorMessage: 'No API key provided' });
  });

  it('a request id in the body is used when there is no header', async () => {
    const body = { type: 'error', error: { type: 'api_error', message: 'boom' }, request_id: 'req_body_1' };
    const error = await rejection(client('qoder', recorder(json(500, body)).fetch).get('agent_1'));
    expect(error.requestId).toBe('req_body_1');
  });
});

describe('bodies that are not the envelope', () => {
  const cases = [
    {
      label: 'empty with Content-Length: 0',
      handler: () => new Response(null, { status: 404, headers: { 'content-length': '0' } }),
      body: undefined,
    },
    { label: 'empty without Content-Length', handler: () => new Response('', { status: 404 }), body: undefined },
    {
      label: 'HTML',
      handler: text(404, '<html><body>Not Found</body></html>', { 'content-type': 'text/html' }),
      body: '<html><body>Not Found</body></html>',
    },
    {
      label: 'broken JSON',
      handler: text(404, '{"status": false, "errors": [', { 'content-type': 'application/json' }),
      body: '{"status": false, "errors": [',
    },
    { label: 'JSON of another shape', handler: json(404, ['unexpected']), body: ['unexpected'] },
    { label: 'JSON null', handler: text(404, 'null', { 'content-type': 'application/json' }), body: undefined },
  ];
  for (const vendor of VENDORS) {
    for (const { label, handler, body } of cases) {
      it(`${vendor}: ${label} still yields NotFoundError`, async () => {
        const c = client(vendor, recorder(handler).fetch);
        const error = await rejection(change(c, vendor, 'agent_1'));
        expect(error).toBeInstanceOf(NotFoundError);
        expect(error).toMatchObject({
          provider: vendor,
          status: 404,
          code: 'not_found',
          vendorCode: undefined,
          vendorMessage: undefined,
        });
        expect(error.body).toEqual(body);
        expect(error.message).toMatch(/^\w+: 404 not_found: /);
      });
    }
  }

  it('a 502 HTML page from a gateway is a ServerError with the page as body', async () => {
    const error = await rejection(client('qoder', recorder(text(502, '<h1>Bad Gateway</h1>')).fetch).get('agent_1'));
    expect(error).toBeInstanceOf(ServerError);
    expect(error.body).toBe('<h1>Bad Gateway</h1>');
    expect(error.message).toContain('non-JSON response body');
  });

  it('huge bodies are truncated', async () => {
    const error = await rejection(client('qoder', recorder(text(500, 'x'.repeat(50_000))).fetch).get('agent_1'));
    expect(error.body.length).toBeLessThan(2100);
  });

  it('other 4xx statuses are bad requests', async () => {
    const error = await rejection(client('qoder', recorder(json(410, {})).fetch).get('agent_1'));
    expect(error).toBeInstanceOf(BadRequestError);
    expect(error.code).toBe('invalid_request');
  });

  it('a RateLimitError carries the server hint', async () => {
    const error = await rejection(
      client('ayra', recorder(json(429, {}, { 'retry-after': '7' })).fetch).archive('agent_1'),
    );
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error.retryAfterMs).toBe(7000);
    const noHint = await rejection(client('ayra', recorder(json(429, {})).fetch).archive('agent_1'));
    expect(noHint.retryAfterMs).toBeUndefined();
  });
});

describe('idempotent archive/unarchive (Smallest 409)', () => {
  it('archive: "Agent is already archived" resolves alreadyInState', async () => {
    const { fetch, calls } = recorder(
      json(409, { status: false, errors: ['Agent is already archived'] }, { 'x-request-id': 'r1' }),
    );
    const result = await client('smallest', fetch, { maxRetries: 2 }).archive(SMALLEST_ID);
    expect(result).toEqual({
      provider: 'smallest',
      agentId: SMALLEST_ID,
      state: 'archived',
      alreadyInState: true,
      requestId: 'r1',
    });
    expect(calls).toHaveLength(1); // a 409 is never retried
  });

  it('unarchive: "Agent is already active" resolves alreadyInState', async () => {
    const { fetch } = recorder(json(409, { status: false, errors: ['Agent is already active'] }));
    const result = await client('smallest', fetch).unarchive(SMALLEST_ID);
    expect(result).toEqual({ provider: 'smallest', agentId: SMALLEST_ID, state: 'active', alreadyInState: true });
  });

  it('a 409 that also names another conflict is a ConflictError, not an idempotent success', async () => {
    const { fetch } = recorder(
      json(409, {
        status: false,
        errors: ['Agent is already archived', 'Agent is associated with the active campaign "X".'],
      }),
    );
    const error = await rejection(client('smallest', fetch).archive(SMALLEST_ID));
    expect(error).toBeInstanceOf(ConflictError);
  });

  it('an empty x-request-id does not hide request-id', async () => {
    const { fetch } = recorder(
      json(
        404,
        { type: 'error', error: { type: 'not_found_error', message: 'gone' } },
        { 'x-request-id': '', 'request-id': 'req_hdr' },
      ),
    );
    const error = await rejection(client('qoder', fetch).get('agent_x'));
    expect(error.requestId).toBe('req_hdr');
  });

  it('the wrong "already" message for the operation is a ConflictError', async () => {
    const { fetch } = recorder(json(409, { status: false, errors: ['Agent is already active'] }));
    const error = await rejection(client('smallest', fetch).archive(SMALLEST_ID));
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.vendorMessage).toBe('Agent is already active');
  });

  it('active campaign 409 is a ConflictError with the vendor reason', async () => {
    const reason =
      'Agent is associated with the active campaign "Spring outreach". Complete or remove the campaign before archiving.';
    const { fetch, calls } = recorder(json(409, { status: false, errors: [reason] }));
    const error = await rejection(client('smallest', fetch, { maxRetries: 2 }).archive(SMALLEST_ID));
    expect(error).toBeInstanceOf(ConflictError);
    expect(error).toMatchObject({ status: 409, code: 'conflict', vendorMessage: reason });
    expect(error.message).toContain('Spring outreach');
    expect(calls).toHaveLength(1);
  });

  it('versioning 409 on discardDraft is a ConflictError with error_type as vendorCode', async () => {
    const body = { status: false, errors: ['Migrate to branches'], error_type: 'versioning_v2_migration_required' };
    const error = await rejection(client('smallest', recorder(json(409, body)).fetch).discardDraft(SMALLEST_ID, 'd1'));
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.vendorCode).toBe('versioning_v2_migration_required');
  });

  it('a 409 with an empty body is a ConflictError', async () => {
    const error = await rejection(client('smallest', recorder(text(409, '')).fetch).archive(SMALLEST_ID));
    expect(error).toBeInstanceOf(ConflictError);
  });

  it('ayra 409 on archive is never treated as idempotent', async () => {
    const body = { error: { type: 'conflict', message: 'Agent is already archived', code: 'conflict' } };
    const error = await rejection(client('ayra', recorder(json(409, body)).fetch).archive('agent_1'));
    expect(error).toBeInstanceOf(ConflictError);
  });
});

describe('error objects', () => {
  it('have stable names, a stack, and toJSON with the public fields', async () => {
    const error = await rejection(
      client(
        'qoder',
        recorder(json(404, { type: 'error', error: { type: 'not_found_error', message: 'nope' } })).fetch,
      ).get('a'),
    );
    expect(error.name).toBe('NotFoundError');
    expect(error.stack).toMatch(/^NotFoundError: qoder: 404 not_found \(not_found_error\): nope/);
    expect(JSON.parse(JSON.stringify(error))).toMatchObject({
      name: 'NotFoundError',
      provider: 'qoder',
      status: 404,
      code: 'not_found',
      vendorCode: 'not_found_error',
      vendorMessage: 'nope',
      body: { type: 'error', error: { type: 'not_found_error', message: 'nope' } },
    });
  });
});
