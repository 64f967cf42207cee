// error_mapping must fail when the façade gets the idempotent 409s wrong: "already archived"
// resolves for archive only, and every other 409 is a ConflictError.
import { describe, expect, test } from 'vitest';
import type { CallOutcome as Outcome } from '../../conformance/suite/context.js';
import { errorMapping } from '../../conformance/suite/error-mapping.js';
import type { RecordedExchange } from '../../conformance/suite/exchange.js';
import { bodyIsVendors } from '../../conformance/suite/kinds.js';
import type { SpecOperation } from '../../conformance/suite/spec.js';
import { ConflictError } from '../../src/index.js';

function exchange409(message: string): RecordedExchange {
  return {
    request: { method: 'DELETE', url: 'http://127.0.0.1/agent/a/archive', headers: new Headers() },
    response: {
      status: 409,
      headers: new Headers({ 'content-type': 'application/json', 'x-request-id': 'req_1' }),
      contentType: 'application/json',
      bodyText: JSON.stringify({ status: false, errors: [message] }),
    },
  };
}

const conflict = (message: string): Outcome => ({
  ok: false,
  error: new ConflictError({
    provider: 'smallest',
    status: 409,
    code: 'conflict',
    message,
    vendorMessage: message,
    requestId: 'req_1',
    headers: {},
    body: { status: false, errors: [message] },
  }),
});
const already = (state: string): Outcome => ({
  ok: true,
  value: { provider: 'smallest', agentId: 'a', state, alreadyInState: true, requestId: 'req_1' },
});

const ok = (v: { ok: unknown }) => v.ok;

describe('error_mapping on 409', () => {
  const archived = exchange409('Agent is already archived');
  test('"already archived" resolves archive with alreadyInState', () => {
    expect(ok(errorMapping('smallest', 'archive', 'a', archived, already('archived'), true, '', 'archived'))).toBe(
      true,
    );
  });
  test('"already archived" thrown as ConflictError by archive fails', () => {
    expect(
      ok(
        errorMapping('smallest', 'archive', 'a', archived, conflict('Agent is already archived'), true, '', 'archived'),
      ),
    ).toBe(false);
  });
  test('"already archived" is a ConflictError for unarchive, not a success', () => {
    expect(
      ok(
        errorMapping(
          'smallest',
          'unarchive',
          'a',
          archived,
          conflict('Agent is already archived'),
          true,
          '',
          'archived',
        ),
      ),
    ).toBe(true);
    expect(ok(errorMapping('smallest', 'unarchive', 'a', archived, already('active'), true, '', 'archived'))).toBe(
      false,
    );
  });
  test('an untagged 409 (active campaign) must throw: resolving it fails', () => {
    const campaign = exchange409('Agent is associated with the active campaign "X".');
    expect(ok(errorMapping('smallest', 'archive', 'a', campaign, already('archived'), true, ''))).toBe(false);
    expect(
      ok(
        errorMapping(
          'smallest',
          'archive',
          'a',
          campaign,
          conflict('Agent is associated with the active campaign "X".'),
          true,
          '',
        ),
      ),
    ).toBe(true);
  });
  test('a vendor message that is not from the body fails', () => {
    expect(
      ok(errorMapping('smallest', 'unarchive', 'a', archived, conflict('something else'), true, '', 'archived')),
    ).toBe(false);
  });
});

describe('error_mapping on several reasons and request ids', () => {
  test('a vendor message joining several body reasons counts as from the body', () => {
    const ex = exchange409('Agent has pending calls');
    const body = { status: false, errors: ['Agent is linked to a campaign', 'Agent has pending calls'] };
    ex.response!.bodyText = JSON.stringify(body);
    const joined = 'Agent is linked to a campaign; Agent has pending calls';
    expect(ok(errorMapping('smallest', 'archive', 'a', ex, conflict(joined), true, ''))).toBe(true);
    expect(
      ok(errorMapping('smallest', 'archive', 'a', ex, conflict('Agent is linked to a campaign; made up'), true, '')),
    ).toBe(false);
  });

  test('an empty x-request-id header defers to request-id', () => {
    const ex = exchange409('Agent is linked to a campaign');
    ex.response!.headers = new Headers({
      'content-type': 'application/json',
      'x-request-id': '',
      'request-id': 'req_1',
    });
    expect(ok(errorMapping('smallest', 'archive', 'a', ex, conflict('Agent is linked to a campaign'), true, ''))).toBe(
      true,
    );
  });
});

describe('whose error body it is', () => {
  const operation = (statuses: string[]) =>
    ({
      operationId: 'getAssistant',
      method: 'get',
      path: '/assistant/{id}',
      pointer: '/paths/~1assistant~1{id}/get',
      parameters: [],
      responses: statuses.map((status) => ({ status, examples: [], content: {}, headers: [] })),
      secured: true,
    }) as unknown as SpecOperation;

  test('an undocumented 401 is checked for class and code only, a documented one for its body too', () => {
    expect(bodyIsVendors('no_authorization', operation(['200']), 401)).toBe(false);
    expect(bodyIsVendors('no_authorization', operation(['200', '401']), 401)).toBe(true);
    expect(bodyIsVendors('status', operation(['200']), 500)).toBe(true);
    expect(bodyIsVendors('unknown_route', operation(['404']), 404)).toBe(false);
  });

  test('with the body not held against us, a 401 from the mock still has to map to its class and code', () => {
    const exchange = {
      request: { method: 'GET', url: 'http://127.0.0.1/x', headers: {} },
      response: {
        status: 401,
        headers: new Headers({ 'content-type': 'application/json' }),
        bodyText: '{"title":"Invalid security scheme used"}',
      },
    } as unknown as RecordedExchange;
    const wrong: Outcome = { ok: false, error: new ConflictError({ status: 401, provider: 'ayra' } as never) };
    expect(errorMapping('ayra', 'get', 'a1', exchange, wrong, false).ok).toBe(false);
  });
});
