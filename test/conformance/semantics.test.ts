// semantic_conformance on plain exchanges: the expected result comes from the served body through the
// provider's declared semantics, and each way of reading it wrong is a failure naming the field, where
// the example says it and both values.
import { describe, expect, test } from 'vitest';
import type { RecordedExchange } from '../../conformance/suite/exchange.js';
import { expectedAgent, type SemanticInput, semanticConformance } from '../../conformance/suite/semantics.js';
import { listOperations, loadSpec, specPath } from '../../conformance/suite/spec.js';
import { providerModules } from '../../src/providers/registry.js';
import { semantics as vocalisSemantics } from '../fixtures/vocalis/provider.js';

const json = (body: unknown, status = 200): RecordedExchange => ({
  request: { method: 'GET', url: 'http://127.0.0.1:1/x', headers: new Headers() },
  response: { status, headers: new Headers(), contentType: 'application/json', bodyText: JSON.stringify(body) },
});

function input(vendor: 'qoder' | 'ayra', method: string, route: string, body: unknown, value: unknown) {
  const doc = loadSpec(specPath(vendor));
  const operation = listOperations(doc).find((op) => `${op.method} ${op.path}` === route)!;
  return {
    vendor,
    doc,
    mode: 'mock',
    semantics: providerModules[vendor].semantics,
    method,
    operation,
    exchange: json(body),
    outcome: { ok: true, value },
  } satisfies SemanticInput;
}

const qoderAgent = {
  type: 'agent',
  id: 'agent_1',
  name: 'one',
  archived: true,
  archived_at: '2026-05-18T15:27:22Z',
};
const normalized = { id: 'agent_1', name: 'one', archived: true, archivedAt: '2026-05-18T15:27:22Z', raw: qoderAgent };

describe('semantic_conformance', () => {
  test('an agent read as the declaration says passes', () => {
    expect(semanticConformance(input('qoder', 'get', 'get /agents/{agent_id}', qoderAgent, normalized))).toEqual({
      ok: true,
    });
  });

  test('archived true with an archived time must come back archived, with that time', () => {
    const wrong = { ...normalized, archived: false, archivedAt: null };
    const verdict = semanticConformance(input('qoder', 'get', 'get /agents/{agent_id}', qoderAgent, wrong));
    expect(verdict.ok).toBe(false);
    const detail = (verdict as { detail: string }).detail;
    // Not a spec example (the body is ours), so the location is the mock's sample, at the field.
    expect(detail).toContain('get.archived: the example says true (');
    expect(detail).toContain('at /archived), the façade returned false');
    expect(detail).toContain('get.archivedAt: the example says "2026-05-18T15:27:22Z"');
    expect(detail).toContain('the façade returned null');
  });

  test("the spec's own example is named by its pointer", () => {
    const doc = loadSpec(specPath('qoder'));
    const example = doc.components.examples.ArchivedAgent.value;
    const wrong = { ...normalized, id: example.id, name: 'other', archivedAt: example.archived_at };
    const verdict = semanticConformance(
      input('qoder', 'archive', 'post /agents/{agent_id}/archive', example, { agent: wrong }),
    );
    expect((verdict as { detail: string }).detail).toBe(
      `archive.name: the example says "doc-test-agent-updated" (generated/qoder/openapi.yaml#/components/examples/ArchivedAgent/value/name), the façade returned "other"`,
    );
  });

  test('a state change whose answer holds an agent must return it', () => {
    const verdict = semanticConformance(input('qoder', 'archive', 'post /agents/{agent_id}/archive', qoderAgent, {}));
    expect((verdict as { detail: string }).detail).toMatch(
      /^archive: the answer holds an agent at .*, the façade returned none$/,
    );
  });

  test("a list's nextCursor is the example's cursor field while more pages exist", () => {
    const body = { data: [qoderAgent], first_id: 'agent_1', last_id: 'agent_1', has_more: true };
    const ok = input('qoder', 'list', 'get /agents', body, { agents: [normalized], nextCursor: 'agent_1' });
    expect(semanticConformance(ok)).toEqual({ ok: true });
    const lost = input('qoder', 'list', 'get /agents', body, { agents: [normalized], nextCursor: null });
    expect((semanticConformance(lost) as { detail: string }).detail).toMatch(
      /^list\.nextCursor: the example says "agent_1" \(.* at \/last_id\), the façade returned null$/,
    );
    const last = input(
      'qoder',
      'list',
      'get /agents',
      { ...body, has_more: false },
      { agents: [normalized], nextCursor: 'agent_1' },
    );
    expect((semanticConformance(last) as { detail: string }).detail).toContain(
      'list.nextCursor: the example says null',
    );
  });

  test('a page-numbered cursor is the next page; the façade may leave out archived agents, nothing else', () => {
    const active = { id: 'a1', name: 'front', status: 'active' };
    const archived = { id: 'a2', name: 'back', status: 'archived' };
    const body = { data: [active, archived], page: 3, per_page: 2, total: 9, has_more: true };
    const agent = { id: 'a1', name: 'front', archived: false, archivedAt: null, raw: active };
    expect(
      semanticConformance(input('ayra', 'list', 'get /agents', body, { agents: [agent], nextCursor: '4' })),
    ).toEqual({
      ok: true,
    });
    const dropped = semanticConformance(input('ayra', 'list', 'get /agents', body, { agents: [], nextCursor: '4' }));
    expect((dropped as { detail: string }).detail).toMatch(
      /^list: the example's agent "a1" \(.*\/data\/0\) is not on the façade's page$/,
    );
    const page = semanticConformance(input('ayra', 'list', 'get /agents', body, { agents: [agent], nextCursor: '2' }));
    expect((page as { detail: string }).detail).toContain('list.nextCursor: the example says "4"');
  });

  test('a declared field the example lacks fails, named with the field', () => {
    const { archived_at: _gone, ...renamed } = { ...qoderAgent, archivedAt: qoderAgent.archived_at };
    const verdict = semanticConformance(input('qoder', 'get', 'get /agents/{agent_id}', renamed, normalized));
    expect((verdict as { detail: string }).detail).toMatch(
      /^get\.archivedAt: the example has no "archived_at" \(declared in src\/providers\/qoder\.ts semantics\) at .*; the façade returned "2026-05-18T15:27:22Z"$/,
    );
  });

  test('a provider without semantics, or an agent the declaration does not expect, fails', () => {
    const none = { ...input('qoder', 'get', 'get /agents/{agent_id}', qoderAgent, normalized), semantics: undefined };
    expect((semanticConformance(none) as { detail: string }).detail).toContain('declares no `semantics`');
    const semantics = { ...providerModules.qoder.semantics, agentAt: { get: '' } };
    const extra = {
      ...input('qoder', 'archive', 'post /agents/{agent_id}/archive', qoderAgent, { agent: normalized }),
      semantics,
    };
    expect((semanticConformance(extra) as { detail: string }).detail).toContain('declare none in this answer');
  });

  test('non-2xx answers and failed façade calls are not applicable', () => {
    const error = { ...input('qoder', 'get', 'get /agents/{agent_id}', {}, undefined), exchange: json({}, 404) };
    expect(semanticConformance(error).ok).toBe('n/a');
    const threw = {
      ...input('qoder', 'get', 'get /agents/{agent_id}', qoderAgent, undefined),
      outcome: { ok: false as const, error: new Error('x') },
    };
    expect(semanticConformance(threw).ok).toBe('n/a');
  });

  test('an optional flag left out: the archived time decides', () => {
    const fields = providerModules.qoder.semantics.agent;
    const { archived: _a, ...noFlag } = qoderAgent;
    expect(expectedAgent(fields, noFlag).expected.archived).toBe(true);
    expect(expectedAgent(fields, { ...noFlag, archived_at: null }).expected.archived).toBe(false);
    expect(expectedAgent(vocalisSemantics.agent, { id: 'v', name: 'n' }).expected).toEqual({
      id: 'v',
      name: 'n',
      archived: false,
      archivedAt: null,
    });
  });
});
