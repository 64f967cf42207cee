// What changed in a vendor's API between two built specs, from the point of view of code built
// against the old one. BREAKING = such code can now fail:
//   - operation removed, or its operationId changed (src/providers/* look operations up by id)
//   - parameter removed, a new required parameter, or an optional parameter made required
//   - response status removed (typed handling and conformance checks for it stop matching)
//   - request or response bodies, by the rules in drift-bodies.ts (property removed, made optional
//     in a response or required in a request, enum value removed, type changed)
// Not breaking: operations, optional parameters or status codes added; required -> optional.
// A change inside a shared component is reported once, and lists every operation that reaches it
// (reachByOperation). Pure: no I/O, so it is tested on plain objects.
import { HTTP_METHODS } from '../../src/core/types.js';
import { diffSchemas, jsonSchemaOf, reachableSchemas } from './drift-bodies.js';
import { isObject, type JsonObject } from './json.js';

export interface DriftChange {
  kind: 'operation' | 'operationId' | 'parameter' | 'status' | 'body';
  change: 'added' | 'removed' | 'required' | 'optional' | 'renamed' | 'changed';
  breaking: boolean;
  /** e.g. "DELETE /agent/{id}/archive" */
  operation: string;
  text: string;
  /** Body changes inside a component: the component (`#/components/schemas/Agent`). */
  schema?: string;
  /** The path from that component to the change ('' at its root). */
  within?: string;
  /** Body changes: what changed there (`property archived_at removed`). */
  detail?: string;
  /** Body changes: whether the change is in what we send (`request`) or read (`response`). */
  direction?: 'request' | 'response';
  /**
   * Every operation that reaches `schema` in the same direction (its request, or its responses), before
   * or after the change, this one included.
   */
  reachedBy?: string[];
}

export interface DriftReport {
  /** false when there was no previous spec to compare with. */
  compared: boolean;
  operations: number;
  changes: DriftChange[];
}

interface OpInfo {
  id: string | undefined;
  /** The operation object itself, for body comparison. */
  op: JsonObject;
  params: Map<string, { label: string; required: boolean }>;
  statuses: Set<string>;
}

export function diffSpecs(prev: unknown, next: unknown): DriftReport {
  const after = operationsOf(next);
  if (prev === undefined || prev === null) return { compared: false, operations: after.size, changes: [] };
  const before = operationsOf(prev);
  const changes: DriftChange[] = [];
  const seen = new Set<string>();
  const add = (c: Omit<DriftChange, 'text'>, detail: string): void => {
    const sign = c.change === 'added' ? '+' : c.change === 'removed' ? '-' : '~';
    const text = `${sign} ${c.operation}${detail}${c.breaking ? '  BREAKING' : ''}`;
    changes.push({ ...c, text });
  };

  for (const [key, old] of before) {
    const cur = after.get(key);
    if (!cur) {
      add({ kind: 'operation', change: 'removed', breaking: true, operation: key }, idSuffix(old.id));
      continue;
    }
    if (old.id !== cur.id) {
      add(
        { kind: 'operationId', change: 'renamed', breaking: true, operation: key },
        `: operationId ${old.id ?? '(none)'} -> ${cur.id ?? '(none)'}`,
      );
    }
    for (const [pk, p] of old.params) {
      const np = cur.params.get(pk);
      if (!np) add({ kind: 'parameter', change: 'removed', breaking: true, operation: key }, `: ${p.label}`);
      else if (np.required && !p.required)
        add({ kind: 'parameter', change: 'required', breaking: true, operation: key }, `: ${p.label} is now required`);
      else if (!np.required && p.required)
        add({ kind: 'parameter', change: 'optional', breaking: false, operation: key }, `: ${p.label} is now optional`);
    }
    for (const [pk, p] of cur.params) {
      if (!old.params.has(pk)) {
        add(
          { kind: 'parameter', change: 'added', breaking: p.required, operation: key },
          `: ${p.required ? 'required ' : ''}${p.label}`,
        );
      }
    }
    for (const s of old.statuses) {
      if (!cur.statuses.has(s))
        add({ kind: 'status', change: 'removed', breaking: true, operation: key }, `: response ${s}`);
    }
    for (const s of cur.statuses) {
      if (!old.statuses.has(s))
        add({ kind: 'status', change: 'added', breaking: false, operation: key }, `: response ${s}`);
    }
    const bodies: [string, unknown, unknown, 'request' | 'response'][] = [
      ['request body', old.op.requestBody, cur.op.requestBody, 'request'],
      ...[...old.statuses]
        .filter((s) => cur.statuses.has(s))
        .map((s): [string, unknown, unknown, 'response'] => [
          `response ${s}`,
          (old.op.responses as JsonObject)[s],
          (cur.op.responses as JsonObject)[s],
          'response',
        ]),
    ];
    for (const [label, a, b, direction] of bodies) {
      const sa = jsonSchemaOf(prev as JsonObject, a);
      const sb = jsonSchemaOf(next as JsonObject, b);
      if (sa === undefined || sb === undefined) continue;
      for (const c of diffSchemas(prev as JsonObject, next as JsonObject, sa, sb, direction, label, seen)) {
        add(
          {
            kind: 'body',
            change: c.breaking ? 'changed' : 'added',
            breaking: c.breaking,
            operation: key,
            detail: c.detail,
            direction,
            ...(c.schema !== undefined ? { schema: c.schema, within: c.within ?? '' } : {}),
          },
          `: ${c.where}: ${c.detail}`,
        );
      }
    }
  }
  for (const [key, cur] of after) {
    if (!before.has(key))
      add({ kind: 'operation', change: 'added', breaking: false, operation: key }, idSuffix(cur.id));
  }
  if (changes.some((c) => c.schema !== undefined)) {
    const reach = [reachByOperation(prev), reachByOperation(next)];
    const order = [...new Set([...after.keys(), ...before.keys()])];
    for (const c of changes) {
      if (c.schema === undefined) continue;
      const schema = c.schema;
      const direction = c.direction ?? 'response';
      c.reachedBy = order.filter((op) => reach.some((r) => r.get(op)?.[direction].has(schema)));
    }
  }
  return { compared: true, operations: after.size, changes };
}

/** What one operation reaches: component -> the first path to it, in what it sends and what it reads. */
export interface OperationReach {
  /** From its parameters and request body (`request body.voice`). */
  request: Map<string, string>;
  /** From its responses (`response 200.data[]`). */
  response: Map<string, string>;
}

/** For each operation (`GET /agents`), every component its request and its responses reach. */
export function reachByOperation(doc: unknown): Map<string, OperationReach> {
  const out = new Map<string, OperationReach>();
  if (!isObject(doc) || !isObject(doc.paths)) return out;
  const cache = new Map<string, [string, string][]>();
  const mediaSchemas = (holder: unknown, label: string) => {
    const resolved = resolveLocal(doc, holder);
    const content = isObject(resolved) && isObject(resolved.content) ? resolved.content : {};
    return Object.values(content).map((media) => ({ label, schema: isObject(media) ? media.schema : undefined }));
  };
  for (const [p, item] of Object.entries(doc.paths)) {
    if (!isObject(item)) continue;
    for (const m of HTTP_METHODS) {
      const op = item[m];
      if (!isObject(op)) continue;
      const starts: Array<{ label: string; schema: unknown }> = [];
      const reads: Array<{ label: string; schema: unknown }> = [];
      const params = [
        ...(Array.isArray(item.parameters) ? item.parameters : []),
        ...(Array.isArray(op.parameters) ? op.parameters : []),
      ];
      for (const raw of params) {
        const param = resolveLocal(doc, raw);
        if (isObject(param) && isObject(param.schema))
          starts.push({ label: `${param.in} parameter ${param.name}`, schema: param.schema });
      }
      starts.push(...mediaSchemas(op.requestBody, 'request body'));
      if (isObject(op.responses))
        for (const [status, response] of Object.entries(op.responses))
          reads.push(...mediaSchemas(response, `response ${status}`));
      out.set(`${m.toUpperCase()} ${p}`, {
        request: reachableSchemas(doc, starts, cache),
        response: reachableSchemas(doc, reads, cache),
      });
    }
  }
  return out;
}

/**
 * What changed for one operation, each with the path from the operation to the changed field: its
 * own changes, and changes inside a component it reaches (reported once under another operation).
 * `reach`: reachByOperation of the new spec, then of the old one.
 */
export function changesFor(drift: DriftReport, operation: string, reach: Array<Map<string, OperationReach>>): string[] {
  const lines: string[] = [];
  for (const c of drift.changes) {
    if (c.operation === operation) {
      const prefix = `${c.text[0]} ${operation}: `;
      lines.push(c.text.startsWith(prefix) ? c.text.slice(prefix.length) : c.text);
      continue;
    }
    if (c.schema === undefined || !c.reachedBy?.includes(operation)) continue;
    const schema = c.schema;
    const direction = c.direction ?? 'response';
    const path = reach.map((r) => r.get(operation)?.[direction].get(schema)).find((p) => p !== undefined);
    lines.push(`${path}${c.within ?? ''}: ${c.detail}${c.breaking ? '  BREAKING' : ''}`);
  }
  // A shared change is reported once per direction (read, written): one line here.
  return [...new Set(lines)];
}

/** A change's lines: its text, and for a shared component, the operations that reach it. */
export function changeLines(c: DriftChange, indent = '  '): string[] {
  const others = (c.reachedBy ?? []).filter((op) => op !== c.operation);
  if (others.length === 0) return [`${indent}${c.text}`];
  return [`${indent}${c.text}`, `${indent}    in ${c.schema}, also reached by ${others.join(', ')}`];
}

/** Lines for the console: "smallest: unchanged", or a header plus one indented line per change. */
export function formatDrift(vendor: string, report: DriftReport): string[] {
  if (!report.compared) return [`${vendor}: new (${report.operations} operation${report.operations === 1 ? '' : 's'})`];
  if (report.changes.length === 0) return [`${vendor}: no API changes`];
  const breaking = report.changes.filter((c) => c.breaking).length;
  const head = `${vendor}: ${report.changes.length} API change${report.changes.length === 1 ? '' : 's'}${breaking ? `, ${breaking} BREAKING` : ''}`;
  return [head, ...report.changes.flatMap((c) => changeLines(c))];
}

function idSuffix(id: string | undefined): string {
  return id ? ` (${id})` : '';
}

function operationsOf(doc: unknown): Map<string, OpInfo> {
  const ops = new Map<string, OpInfo>();
  if (!isObject(doc) || !isObject(doc.paths)) return ops;
  const root = doc;
  for (const [p, item] of Object.entries(doc.paths)) {
    if (!isObject(item)) continue;
    const shared = paramsOf(root, item.parameters);
    for (const m of HTTP_METHODS) {
      const op = item[m];
      if (!isObject(op)) continue;
      // Operation-level parameters override path-level ones with the same name and location.
      const params = new Map([...shared, ...paramsOf(root, op.parameters)]);
      const statuses = new Set(isObject(op.responses) ? Object.keys(op.responses) : []);
      ops.set(`${m.toUpperCase()} ${p}`, {
        id: typeof op.operationId === 'string' ? op.operationId : undefined,
        op,
        params,
        statuses,
      });
    }
  }
  return ops;
}

function paramsOf(root: JsonObject, list: unknown): Map<string, { label: string; required: boolean }> {
  const out = new Map<string, { label: string; required: boolean }>();
  if (!Array.isArray(list)) return out;
  for (const raw of list) {
    const p = resolveLocal(root, raw);
    if (!isObject(p) || typeof p.name !== 'string' || typeof p.in !== 'string') continue;
    // Header names are case-insensitive on the wire.
    const name = p.in === 'header' ? p.name.toLowerCase() : p.name;
    out.set(`${p.in}:${name}`, {
      label: `${p.in} parameter ${p.name}`,
      required: p.in === 'path' || p.required === true,
    });
  }
  return out;
}

function resolveLocal(root: JsonObject, v: unknown, depth = 0): unknown {
  if (!isObject(v) || typeof v.$ref !== 'string' || !v.$ref.startsWith('#/') || depth > 10) return v;
  let cur: unknown = root;
  for (const seg of v.$ref.slice(2).split('/')) {
    const key = seg.replace(/~1/g, '/').replace(/~0/g, '~');
    cur = isObject(cur) ? cur[decodeURIComponent(key)] : undefined;
  }
  return resolveLocal(root, cur, depth + 1);
}
