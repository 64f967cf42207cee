// The suite is derived from the specs: its size follows what they document, with no change to
// conformance code when a spec grows.
import { describe, expect, test } from 'vitest';
import { buildCases, unboundRoutes, uncoveredOperations } from '../../conformance/suite/cases.js';
import type { OperationMap } from '../../conformance/suite/context.js';
import { wrongMethod } from '../../conformance/suite/requests.js';
import { listVendors, loadSpec, type OpenApiDocument, specPath } from '../../conformance/suite/spec.js';
import { providers } from '../../src/index.js';

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
const operationMap = (vendor: string) => (providers as any)[vendor].operations as OperationMap;

/** Counted straight from the document: (operation, status) pairs and operations. */
function documented(doc: OpenApiDocument): { statuses: number; operations: number; secured: number } {
  let statuses = 0;
  let operations = 0;
  let secured = 0;
  for (const item of Object.values<any>(doc.paths)) {
    for (const method of METHODS.filter((m) => item[m])) {
      operations++;
      statuses += Object.keys(item[method].responses).filter((s) => /^\d{3}$/.test(s)).length;
      if ((item[method].security ?? doc.security ?? []).length > 0) secured++;
    }
  }
  return { statuses, operations, secured };
}

describe('cases derived from the generated specs', () => {
  test('every vendor of generated/ has a provider, and every provider a generated spec', () => {
    expect(listVendors()).toEqual(Object.keys(providers).sort());
  });

  for (const vendor of listVendors()) {
    test(`${vendor}: one case per documented status, three negatives per operation, one examples case`, () => {
      const doc = loadSpec(specPath(vendor));
      const cases = buildCases(vendor, doc, operationMap(vendor));
      const counts = documented(doc);
      expect(cases.filter((c) => c.kind === 'status')).toHaveLength(counts.statuses);
      expect(cases.filter((c) => c.kind === 'no_authorization')).toHaveLength(counts.secured);
      expect(cases.filter((c) => c.kind === 'unknown_route')).toHaveLength(counts.operations);
      expect(cases.filter((c) => c.kind === 'wrong_method')).toHaveLength(counts.operations);
      expect(cases.filter((c) => c.kind === 'examples')).toHaveLength(1);
      expect(new Set(cases.map((c) => c.id)).size).toBe(cases.length);
      // Every binding names a route of the spec; exactly the operations no binding names are not covered.
      expect(unboundRoutes(doc, operationMap(vendor))).toEqual([]);
      const bound = new Set(Object.values(operationMap(vendor)).map((b) => `${b![0]} ${b![1]}`));
      const unbound = Object.entries<any>(doc.paths).flatMap(([path, item]) =>
        METHODS.filter((m) => item[m] && !bound.has(`${m} ${path}`)).map((m) => item[m].operationId),
      );
      expect(uncoveredOperations(doc, operationMap(vendor))).toEqual(unbound);
    });
  }

  test('adding a status code to a copy of a spec adds exactly that case', () => {
    const doc = loadSpec(specPath('qoder'));
    const before = buildCases('qoder', doc, operationMap('qoder'));
    const copy = structuredClone(doc);
    copy.paths['/agents/{agent_id}'].get.responses['418'] = { description: "I'm a teapot" };
    const after = buildCases('qoder', copy, operationMap('qoder'));
    expect(after.length - before.length).toBe(1);
    const added = after.filter((c) => !before.some((b) => b.id === c.id));
    expect(added.map((c) => [c.id, c.kind, c.status])).toEqual([['qoder getAgent 418', 'status', '418']]);
  });

  test('adding an operation adds its status and negative cases, and reports it as not covered', () => {
    const doc = loadSpec(specPath('qoder'));
    const before = buildCases('qoder', doc, operationMap('qoder'));
    const copy = structuredClone(doc);
    copy.paths['/agents/{agent_id}/restore'] = {
      post: {
        operationId: 'restoreAgent',
        responses: { '200': { description: 'ok' }, '404': { description: 'missing' } },
      },
    };
    const after = buildCases('qoder', copy, operationMap('qoder'));
    // 2 statuses + no_authorization (root security) + unknown_route + wrong_method
    expect(after.length - before.length).toBe(5);
    expect(uncoveredOperations(copy, operationMap('qoder'))).toEqual(['restoreAgent']);
    expect(
      after.filter((c) => c.operation?.operationId === 'restoreAgent').every((c) => c.facadeMethods.length === 0),
    ).toBe(true);
  });

  test('the façade binds by route: dropping or renaming operationIds changes no binding', () => {
    const doc = loadSpec(specPath('smallest'));
    const copy = structuredClone(doc);
    delete copy.paths['/agent/{id}/drafts/{draftId}'].delete.operationId;
    copy.paths['/agent/{id}/archive'].delete.operationId = 'deleteAgent';
    const cases = buildCases('smallest', copy, operationMap('smallest')).filter((c) => c.kind === 'status');
    const methodsOf = (path: string) => cases.find((c) => c.operation?.path === path)?.facadeMethods;
    expect(methodsOf('/agent/{id}/archive')).toEqual(['archive', 'unarchive']);
    expect(methodsOf('/agent/{id}/drafts/{draftId}')).toEqual(['discardDraft']);
    expect(uncoveredOperations(copy, operationMap('smallest'))).toEqual([]);
    // An operation without an operationId is named by its route.
    expect(cases.some((c) => c.id === 'smallest delete /agent/{id}/drafts/{draftId} 200')).toBe(true);
  });

  test('a binding to a route the spec no longer has is reported, not silently uncovered', () => {
    const doc = loadSpec(specPath('smallest'));
    expect(unboundRoutes(doc, operationMap('smallest'))).toEqual([]);
    const copy = structuredClone(doc);
    delete copy.paths['/agent/{id}/drafts/{draftId}'];
    expect(unboundRoutes(copy, operationMap('smallest'))).toEqual([
      'discardDraft -> DELETE /agent/{id}/drafts/{draftId}',
    ]);
  });

  test('live mode makes one case per operation and marks writes as destructive', () => {
    const doc = loadSpec(specPath('smallest'));
    const live = buildCases('smallest', doc, operationMap('smallest'), 'live').filter((c) => c.kind === 'status');
    expect(live.map((c) => [c.id, c.destructive])).toEqual([
      ['smallest delete-agent live', true],
      ['smallest discard-a-draft live', true],
      ['smallest getAgents live', false],
      ['smallest getAgentById live', false],
    ]);
  });
});

describe('wrong_method', () => {
  test('picks a method no overlapping route answers (`/agent/template` is also `/agent/{id}`)', () => {
    const doc: OpenApiDocument = {
      paths: {
        '/agent/{id}': { get: {}, delete: {} },
        '/agent/template': { post: {} },
        '/agent/{id}/archive': { get: {}, put: {}, post: {}, delete: {}, patch: {} },
      },
    };
    expect(wrongMethod('/agent/template', { doc })).toBe('put');
    expect(wrongMethod('/agent/{id}', { doc })).toBe('put');
    expect(wrongMethod('/agent/{id}/archive', { doc })).toBeUndefined();
  });
});

describe('conformance scope', () => {
  const ops = { archive: ['put', '/agents/{agent_id}'], list: ['get', '/agents'] } as const;
  test("the façade's operations by default, plus the listed ones, or all", async () => {
    const { scopeFor } = await import('../../conformance/suite/cases.js');
    expect(scopeFor([], ops)).toEqual(['put /agents/{agent_id}', 'get /agents']);
    expect(scopeFor(['createAgent'], ops)).toEqual(['put /agents/{agent_id}', 'get /agents', 'createAgent']);
    expect(scopeFor('all', ops)).toBe('all');
    const { ENV, settingsFromEnv } = await import('../../conformance/harness/settings.js');
    expect(settingsFromEnv({}).scope).toEqual([]);
    expect(settingsFromEnv({ [ENV.scope]: 'a, get /b' }).scope).toEqual(['a', 'get /b']);
    expect(settingsFromEnv({ [ENV.scope]: 'a,all' }).scope).toBe('all');
  });
});
