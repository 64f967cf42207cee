import { describe, expect, it } from 'vitest';
import { diffSpecs, formatDrift } from '../../scripts/pipeline/drift.js';
import { clone } from '../../scripts/pipeline/json.js';

const spec = {
  openapi: '3.1.0',
  paths: {
    '/agents/{id}': {
      parameters: [{ name: 'id', in: 'path', required: true }],
      get: {
        operationId: 'getAgent',
        parameters: [{ $ref: '#/components/parameters/Expand' }, { name: 'X-Trace', in: 'header' }],
        responses: { '200': {}, '404': {} },
      },
      delete: { operationId: 'deleteAgent', responses: { '204': {}, '409': {} } },
    },
  },
  components: { parameters: { Expand: { name: 'expand', in: 'query', required: false } } },
};

describe('diffSpecs', () => {
  it('reports no changes for equal specs and "new" without a previous one', () => {
    expect(diffSpecs(spec, clone(spec))).toEqual({ compared: true, operations: 2, changes: [] });
    expect(formatDrift('smallest', diffSpecs(spec, clone(spec)))).toEqual(['smallest: no API changes']);
    expect(formatDrift('qoder', diffSpecs(undefined, spec))).toEqual(['qoder: new (2 operations)']);
  });

  it('marks removed operations BREAKING and added ones not', () => {
    const next = clone(spec) as any;
    delete next.paths['/agents/{id}'].delete;
    next.paths['/agents'] = { get: { operationId: 'listAgents', responses: { '200': {} } } };
    const r = diffSpecs(spec, next);
    expect(r.changes.map((c) => c.text)).toEqual([
      '- DELETE /agents/{id} (deleteAgent)  BREAKING',
      '+ GET /agents (listAgents)',
    ]);
    expect(formatDrift('ayra', r)).toEqual([
      'ayra: 2 API changes, 1 BREAKING',
      '  - DELETE /agents/{id} (deleteAgent)  BREAKING',
      '  + GET /agents (listAgents)',
    ]);
  });

  it('tracks parameters (via $ref, path-level, case-insensitive headers) and required-ness', () => {
    const next = clone(spec) as any;
    const get = next.paths['/agents/{id}'].get;
    next.components.parameters.Expand.required = true; // via the $ref
    get.parameters[1].name = 'x-trace'; // same header, different case: no change
    get.parameters.push({ name: 'limit', in: 'query' }, { name: 'tenant', in: 'query', required: true });
    next.paths['/agents/{id}'].parameters = []; // path param gone from the path item
    const texts = diffSpecs(spec, next).changes.map((c) => c.text);
    expect(texts).toEqual([
      '- GET /agents/{id}: path parameter id  BREAKING',
      '~ GET /agents/{id}: query parameter expand is now required  BREAKING',
      '+ GET /agents/{id}: query parameter limit',
      '+ GET /agents/{id}: required query parameter tenant  BREAKING',
      '- DELETE /agents/{id}: path parameter id  BREAKING',
    ]);
    const back = diffSpecs(next, spec).changes.find((c) => c.change === 'optional');
    expect(back).toMatchObject({ breaking: false, text: '~ GET /agents/{id}: query parameter expand is now optional' });
  });

  it('reports status codes added and removed, and operationId renames', () => {
    const next = clone(spec) as any;
    const del = next.paths['/agents/{id}'].delete;
    del.responses = { '204': {}, '429': {} };
    del.operationId = 'removeAgent';
    const changes = diffSpecs(spec, next).changes;
    expect(changes.map((c) => [c.kind, c.change, c.breaking, c.text])).toEqual([
      ['operationId', 'renamed', true, '~ DELETE /agents/{id}: operationId deleteAgent -> removeAgent  BREAKING'],
      ['status', 'removed', true, '- DELETE /agents/{id}: response 409  BREAKING'],
      ['status', 'added', false, '+ DELETE /agents/{id}: response 429'],
    ]);
  });
});
