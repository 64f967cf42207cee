// semantic_conformance: what the façade *reads* from an answer. From the body the server served (in
// mock mode, the spec's own example or the mock's sample of the schema) and the provider's declared
// `semantics` (src/providers/<vendor>.ts), derive the normalized result the façade must return (id,
// name, archived, archivedAt; a list's agents and nextCursor) and compare. A mismatch, or a declared
// field the example lacks, is ours (the provider's reading or its declaration), named with the field,
// the example's pointer and both values. Knows no vendor: everything comes from the declaration.
import { isDeepStrictEqual } from 'node:util';
import type { AgentFields, CursorSource, ProviderSemantics } from '../../src/core/semantics.js';
import { fail, mediaType, notApplicable, pass, type Verdict } from './checks.js';
import type { RecordedExchange } from './exchange.js';
import { deref, escapePointer, type OpenApiDocument, type SpecOperation } from './spec.js';

type Json = any;

export interface SemanticInput {
  vendor: string;
  doc: OpenApiDocument;
  mode: 'mock' | 'live';
  /** The provider's declaration; absent fails the check (every registered vendor declares one). */
  semantics: ProviderSemantics | undefined;
  /** The façade method called (`archive`, `get`, `list`…). */
  method: string;
  operation: SpecOperation;
  exchange: RecordedExchange | undefined;
  /** What the façade call resolved to, or its error. */
  outcome: { ok: true; value: unknown } | { ok: false; error: unknown };
  /** The named example asked of the mock (`Prefer: example=`), if any. */
  example?: string;
}

/** Where the body came from, for messages: `generated/<vendor>/openapi.yaml#<pointer>` or a description. */
interface Source {
  /** The example value's JSON pointer in the built spec, when the body is a spec example. */
  pointer?: string;
  text: string;
}

const NORMALIZED = ['id', 'name', 'archived', 'archivedAt'] as const;
type Normalized = { id?: unknown; name?: unknown; archived?: unknown; archivedAt?: unknown };

export function semanticConformance(input: SemanticInput): Verdict {
  const { exchange, outcome } = input;
  const response = exchange?.response;
  if (!response || response.status < 200 || response.status > 299) return notApplicable('not a 2xx answer');
  if (!/[/+]json$/.test(mediaType(response.contentType))) return notApplicable('not a JSON answer');
  if (!outcome.ok) return notApplicable('the façade call failed (see error_mapping)');
  let body: unknown;
  try {
    body = JSON.parse(response.bodyText);
  } catch {
    return notApplicable('the body is not JSON (see response_schema_conformance)');
  }
  const semantics = input.semantics;
  if (!semantics) {
    return fail(`src/providers/${input.vendor}.ts declares no \`semantics\`: what its answers mean is unchecked`);
  }
  const source = sourceOf(input, response.status, body);
  const problems =
    input.method === 'list'
      ? checkList(semantics, body, source, outcome.value, input.vendor)
      : checkAgentAnswer(semantics, input.method, body, source, outcome.value, input.vendor);
  return problems.length === 0 ? pass : fail(problems.join('; '));
}

/** The spec example the mock served (Prism's order: the named one, `example`, the first of `examples`). */
function sourceOf(input: SemanticInput, status: number, body: unknown): Source {
  const file = `generated/${input.vendor}/openapi.yaml`;
  if (input.mode === 'live') return { text: 'the live answer' };
  const { operation, doc } = input;
  const base = `/paths/${escapePointer(operation.path)}/${operation.method}/responses/${status}`;
  const { value: response, pointer: responseRef } = deref<Json>(
    doc,
    doc.paths?.[operation.path]?.[operation.method]?.responses?.[String(status)],
  );
  const contentType = input.exchange?.response?.contentType ?? '';
  const media = Object.keys(response?.content ?? {}).find((m) => mediaType(m) === mediaType(contentType));
  const mediaBase = `${responseRef ?? base}/content/${escapePointer(media ?? '')}`;
  const entry = media ? response.content[media] : undefined;
  const candidates: Array<[pointer: string, holder: Json]> = [];
  const named = (name: string): [string, Json] | undefined => {
    const raw = entry?.examples?.[name];
    if (raw === undefined) return undefined;
    const { value, pointer } = deref<Json>(doc, raw);
    return [`${pointer ?? `${mediaBase}/examples/${escapePointer(name)}`}/value`, value?.value];
  };
  if (input.example) {
    const found = named(input.example);
    if (found) candidates.push(found);
  }
  if (entry?.example !== undefined) candidates.push([`${mediaBase}/example`, entry.example]);
  const first = Object.keys(entry?.examples ?? {})[0];
  if (first !== undefined) candidates.push(named(first)!);
  for (const [pointer, value] of candidates) {
    if (isDeepStrictEqual(value, body)) return { pointer, text: `${file}#${pointer}` };
  }
  return { text: `the mock's sample of ${file}#${mediaBase}/schema` };
}

/** The location of `path` (dotted, or array indexes) inside the source, for a message. */
function at(source: Source, ...path: Array<string | number>): string {
  const tokens = path.flatMap((p) => (typeof p === 'number' ? [String(p)] : p === '' ? [] : p.split('.')));
  if (source.pointer === undefined) return tokens.length ? `${source.text} at /${tokens.join('/')}` : source.text;
  const [file] = source.text.split('#');
  return `${file}#${[source.pointer, ...tokens.map(escapePointer)].join('/')}`;
}

function read(value: unknown, path: string): { found: boolean; value?: unknown } {
  if (path === '') return { found: true, value };
  let node: unknown = value;
  for (const key of path.split('.')) {
    if (node === null || typeof node !== 'object' || !Object.hasOwn(node, key)) return { found: false };
    node = (node as Record<string, unknown>)[key];
  }
  return { found: true, value: node };
}

const show = (v: unknown) => (v === undefined ? 'nothing' : JSON.stringify(v));

/**
 * The normalized agent the declaration derives from a vendor object, and the declared fields the
 * object lacks (each one a problem: the vendor renamed it, or the declaration is stale).
 */
export function expectedAgent(
  fields: AgentFields,
  raw: unknown,
): { expected: Normalized; missing: Array<{ field: (typeof NORMALIZED)[number]; key: string }> } {
  const expected: Normalized = {};
  const missing: Array<{ field: (typeof NORMALIZED)[number]; key: string }> = [];
  const take = (field: (typeof NORMALIZED)[number], key: string, map: (v: unknown) => unknown) => {
    const r = read(raw, key);
    if (r.found) expected[field] = map(r.value);
    else missing.push({ field, key });
  };
  take('id', fields.id, (v) => v);
  take('name', fields.name, (v) => v ?? null);
  if (fields.archivedAt === null) expected.archivedAt = null;
  else take('archivedAt', fields.archivedAt, (v) => v ?? null);
  const archived = fields.archived;
  if (archived === false) expected.archived = false;
  else if (typeof archived === 'string') take('archived', archived, (v) => v === true);
  else if ('equals' in archived) take('archived', archived.field, (v) => v === archived.equals);
  else {
    // An optional flag: absent, the archived time decides.
    const r = read(raw, archived.field);
    if (r.found) expected.archived = r.value === true;
    else if ('archivedAt' in expected) expected.archived = expected.archivedAt !== null;
  }
  return { expected, missing };
}

/** One problem per field where the façade's agent differs from the example's, or the example lacks it. */
function compareAgent(
  label: string,
  fields: AgentFields,
  raw: unknown,
  actual: unknown,
  source: Source,
  path: Array<string | number>,
  vendor: string,
): string[] {
  const { expected, missing } = expectedAgent(fields, raw);
  const got = (actual ?? {}) as Record<string, unknown>;
  const problems = missing.map(
    ({ field, key }) =>
      `${label}.${field}: the example has no "${key}" (declared in src/providers/${vendor}.ts semantics) at ${at(source, ...path)}; the façade returned ${show(got[field])}`,
  );
  for (const field of NORMALIZED) {
    if (!(field in expected)) continue;
    if (isDeepStrictEqual(got[field], expected[field])) continue;
    const key = keyOf(fields, field);
    const where = key === undefined ? at(source, ...path) : at(source, ...path, key);
    problems.push(
      `${label}.${field}: the example says ${show(expected[field])} (${where}), the façade returned ${show(got[field])}`,
    );
  }
  return problems;
}

function keyOf(fields: AgentFields, field: (typeof NORMALIZED)[number]): string | undefined {
  const v = fields[field];
  if (v === null || v === false) return undefined;
  return typeof v === 'string' ? v : v.field;
}

function checkAgentAnswer(
  semantics: ProviderSemantics,
  method: string,
  body: unknown,
  source: Source,
  value: unknown,
  vendor: string,
): string[] {
  const path = semantics.agentAt?.[method as keyof NonNullable<ProviderSemantics['agentAt']>];
  // get resolves to the agent; a state change carries it as `agent` when the answer holds one.
  const actual = method === 'get' ? value : (value as { agent?: unknown } | undefined)?.agent;
  if (path === undefined) {
    if (method === 'get') return [`get: src/providers/${vendor}.ts semantics declare no agentAt.get`];
    return actual === undefined
      ? []
      : [
          `${method}: the façade returned an agent, but src/providers/${vendor}.ts semantics declare none in this answer`,
        ];
  }
  const holder = read(body, path);
  if (!holder.found || holder.value === null || typeof holder.value !== 'object') {
    return [`${method}: no agent at "${path}" (declared agentAt.${method}) in ${at(source)}`];
  }
  if (actual === undefined)
    return [`${method}: the answer holds an agent at ${at(source, path)}, the façade returned none`];
  return compareAgent(method, semantics.agent, holder.value, actual, source, [path], vendor);
}

function checkList(
  semantics: ProviderSemantics,
  body: unknown,
  source: Source,
  value: unknown,
  vendor: string,
): string[] {
  if (!semantics.list) return [`list: src/providers/${vendor}.ts semantics declare no \`list\``];
  const { items: itemsPath, cursor } = semantics.list;
  const page = (value ?? {}) as { agents?: unknown; nextCursor?: unknown };
  const actual = Array.isArray(page.agents) ? page.agents : [];
  const items = read(body, itemsPath);
  if (!items.found || !Array.isArray(items.value)) {
    return [`list: no list at "${itemsPath}" (declared list.items) in ${at(source)}`];
  }
  const problems: string[] = [];
  // The façade may leave archived agents out (includeArchived defaults to false); nothing else.
  let next = 0;
  items.value.forEach((raw, i) => {
    const { expected } = expectedAgent(semantics.agent, raw);
    const candidate = actual[next] as { id?: unknown } | undefined;
    const sameAgent = expected.id === undefined || candidate?.id === expected.id;
    if (candidate && sameAgent) {
      problems.push(
        ...compareAgent(`list.agents[${next}]`, semantics.agent, raw, candidate, source, [itemsPath, i], vendor),
      );
      next++;
    } else if (expected.archived !== true) {
      problems.push(
        `list: the example's agent ${show(expected.id)} (${at(source, itemsPath, i)}) is not on the façade's page`,
      );
    }
  });
  for (const extra of actual.slice(next)) {
    problems.push(
      `list: the façade returned agent ${show((extra as { id?: unknown }).id)}, not in ${at(source, itemsPath)}`,
    );
  }
  problems.push(...compareCursor(cursor, body, source, page.nextCursor));
  return problems;
}

function compareCursor(cursor: CursorSource, body: unknown, source: Source, actual: unknown): string[] {
  if (cursor.kind === 'opaque') {
    return actual === null || typeof actual === 'string'
      ? []
      : [`list.nextCursor: expected a string or null, the façade returned ${show(actual)}`];
  }
  const needed: string[] =
    cursor.kind === 'field'
      ? [cursor.field, ...(cursor.more ? [cursor.more] : [])]
      : cursor.kind === 'nextPage'
        ? [cursor.page, cursor.more]
        : [];
  const missing = needed.filter((p) => !read(body, p).found);
  if (missing.length > 0) {
    return missing.map(
      (p) =>
        `list.nextCursor: the example has no "${p}" (declared cursor field) at ${at(source)}; the façade returned ${show(actual)}`,
    );
  }
  let expected: unknown = null;
  let where = at(source);
  if (cursor.kind === 'field') {
    const more = cursor.more === undefined ? true : read(body, cursor.more).value === true;
    expected = more ? (read(body, cursor.field).value ?? null) : null;
    where = at(source, more ? cursor.field : (cursor.more as string));
  } else if (cursor.kind === 'nextPage') {
    const more = read(body, cursor.more).value === true;
    expected = more ? String(Number(read(body, cursor.page).value) + 1) : null;
    where = at(source, more ? cursor.page : cursor.more);
  }
  return isDeepStrictEqual(actual, expected)
    ? []
    : [`list.nextCursor: the example says ${show(expected)} (${where}), the façade returned ${show(actual)}`];
}
