// OpenAPI Overlay 1.0: our corrections live beside the vendor's text, never inside it.
// Actions run in order. `update` deep-merges into each selected object (objects merge
// recursively, arrays concatenate, scalars are replaced) or is appended when the selection is an
// array; `remove: true` deletes each selected node. A target that selects nothing usually means the
// vendor fixed (or renamed) what the action corrected: it is reported as "no longer applies" and the
// rest applies. Strict teams make it an error: `x-strict: true` on the action, or at the top of the
// overlay for every action.
import { JSONPath } from 'jsonpath-plus';
import { clone, getOwn, isObject, type Json, type JsonObject, setOwn } from './json.js';
import { PipelineError } from './pipeline-error.js';

export interface OverlayAction {
  target: string;
  update?: Json;
  remove?: boolean;
  /** 1-based line of the action in the overlay file, when found. */
  line?: number;
  /** `x-strict: true` (on the action or the overlay): a target that matches nothing is an error. */
  strict?: boolean;
  /** The action's `description`, quoted when it no longer applies. */
  description?: string;
}

export function parseOverlay(raw: unknown, text: string, file: string): OverlayAction[] {
  const fix = 'see https://spec.openapis.org/overlay/v1.0.0 (overlay: 1.0.0, actions: [{target, update | remove}])';
  if (!isObject(raw) || typeof raw.overlay !== 'string') {
    throw new PipelineError({ file, line: 1 }, 'not an OpenAPI Overlay document (no `overlay:` version)', fix);
  }
  if (!raw.overlay.startsWith('1.')) {
    throw new PipelineError(
      { file, line: findLine(text, 'overlay:', 0) },
      `unsupported overlay version ${raw.overlay}`,
      'use overlay: 1.0.0',
    );
  }
  if (!Array.isArray(raw.actions)) {
    throw new PipelineError({ file, line: findLine(text, 'actions', 0) }, '`actions` must be a list', fix);
  }
  const strictAll = raw['x-strict'] === true;
  let cursor = 0;
  return raw.actions.map((a, i) => {
    const target = isObject(a) ? a.target : undefined;
    const line = typeof target === 'string' ? findTargetLine(text, target, cursor) : undefined;
    if (line !== undefined) cursor = line;
    const at = { file, line: line ?? findLine(text, 'actions', 0) };
    if (!isObject(a) || typeof target !== 'string' || !target.startsWith('$')) {
      throw new PipelineError(at, `action #${i + 1} has no JSONPath \`target\` (must start with $)`, fix);
    }
    const hasUpdate = Object.hasOwn(a, 'update');
    const remove = a.remove === true;
    if (!hasUpdate && !remove) {
      throw new PipelineError(
        at,
        `action #${i + 1} (target ${target}) has neither \`update\` nor \`remove: true\``,
        fix,
      );
    }
    const action: OverlayAction = { target, remove };
    if (hasUpdate) action.update = a.update as Json;
    if (strictAll || a['x-strict'] === true) action.strict = true;
    if (typeof a.description === 'string') action.description = a.description;
    if (line !== undefined) action.line = line;
    return action;
  });
}

/**
 * Applies the actions in order. A non-strict action whose target matches nothing is skipped with a
 * note in `notes` ("no longer applies: …"); a strict one throws.
 */
export function applyOverlay(
  doc: JsonObject,
  actions: OverlayAction[],
  file: string,
  notes: string[] = [],
): JsonObject {
  const root = clone(doc);
  actions.forEach((action, i) => {
    const hits = select(root, action.target);
    const at = { file, ...(action.line !== undefined ? { line: action.line } : {}) };
    if (hits.length === 0) {
      if (action.strict) {
        throw new PipelineError(
          at,
          `action #${i + 1} target ${action.target} matched nothing (x-strict)`,
          'fix the JSONPath (the vendor may have renamed something) or drop the action',
        );
      }
      const where = `${file}${action.line !== undefined ? `:${action.line}` : ''}`;
      const why = action.description ? `: ${firstSentence(action.description)}` : '';
      notes.push(
        `overlay action #${i + 1} no longer applies (${where}, target ${action.target} matches nothing)${why}; drop it once confirmed`,
      );
      return;
    }
    if (action.remove) {
      removeAll(hits, at, i, action.target);
      return;
    }
    for (const hit of hits) {
      if (Array.isArray(hit.value)) {
        hit.value.push(clone(action.update as Json));
      } else if (isObject(hit.value) && isObject(action.update)) {
        mergeInto(hit.value, action.update);
      } else {
        throw new PipelineError(
          at,
          `action #${i + 1} target ${action.target} selects a ${describe(hit.value)}; update needs an object (or an array to append to) and an object update`,
          'point the target at the enclosing object',
        );
      }
    }
  });
  return root;
}

interface Hit {
  value: Json;
  parent: JsonObject | Json[] | null;
  parentProperty: string | number | null;
}

function select(root: JsonObject, target: string): Hit[] {
  try {
    // resultType 'all' gives parents, which remove needs; eval 'safe' keeps filter expressions
    // like [?(@.name == 'Authorization')] working without executing arbitrary code.
    return JSONPath({ path: target, json: root, resultType: 'all', eval: 'safe', wrap: true }) as Hit[];
  } catch (err) {
    throw new PipelineError(
      undefined,
      `invalid JSONPath ${target}: ${(err as Error).message}`,
      'fix the target expression',
    );
  }
}

function removeAll(hits: Hit[], at: { file: string; line?: number }, i: number, target: string): void {
  // Splice array elements from the highest index down so earlier indexes stay valid.
  const ordered = [...hits].sort((a, b) => Number(b.parentProperty) - Number(a.parentProperty));
  for (const hit of ordered) {
    if (hit.parent === null || hit.parentProperty === null) {
      throw new PipelineError(
        at,
        `action #${i + 1} would remove the whole document (target ${target})`,
        'target a node inside the document',
      );
    }
    if (Array.isArray(hit.parent)) hit.parent.splice(Number(hit.parentProperty), 1);
    else delete hit.parent[String(hit.parentProperty)];
  }
}

function mergeInto(target: JsonObject, update: JsonObject): void {
  for (const [k, v] of Object.entries(update)) {
    // Own keys only: an update holding `__proto__` or `constructor` is data, never a prototype.
    const cur = getOwn(target, k);
    if (isObject(cur) && isObject(v)) mergeInto(cur, v);
    else if (Array.isArray(cur) && Array.isArray(v)) cur.push(...clone(v));
    else setOwn(target, k, clone(v));
  }
}

function firstSentence(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const end = flat.search(/\.(\s|$)/);
  return end === -1 ? flat : flat.slice(0, end + 1);
}

function describe(v: Json): string {
  return v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v;
}

function findTargetLine(text: string, target: string, fromLine: number): number | undefined {
  return findLine(text, target, fromLine, (l) => /\btarget\s*:/.test(l)) ?? findLine(text, 'target:', fromLine);
}

/** 1-based line of the first line at or after `fromLine` (1-based, exclusive) containing `needle`. */
function findLine(
  text: string,
  needle: string,
  fromLine: number,
  also?: (line: string) => boolean,
): number | undefined {
  const lines = text.split('\n');
  for (let i = fromLine; i < lines.length; i++) {
    const l = lines[i]!;
    if (l.includes(needle) && (!also || also(l))) return i + 1;
  }
  return undefined;
}
