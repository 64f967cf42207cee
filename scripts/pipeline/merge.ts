// Merges the OpenAPI documents found in several doc pages into one. Each page repeats the
// shared components it uses, so identical definitions collapse; two pages defining the same
// component or operation differently is a real vendor inconsistency and must stop the build.
import path from 'node:path';
import { clone, deepEqual, isObject, type Json, type JsonObject, setOwn } from './json.js';
import { PipelineError } from './pipeline-error.js';

export interface DocPart {
  doc: JsonObject;
  /** Page the block came from (as shown in messages) and the block's first line. */
  file: string;
  line: number;
}

export function mergeDocuments(parts: DocPart[]): JsonObject {
  if (parts.length === 0) throw new Error('mergeDocuments needs at least one part');
  const out: JsonObject = {};
  // Which part first defined each merged location, to name both pages in a conflict.
  const owner = new Map<string, DocPart>();

  const conflict = (where: string, part: DocPart): never => {
    const first = owner.get(where)!;
    throw new PipelineError(
      { file: part.file, line: part.line },
      `${where} differs between ${path.basename(first.file)} and ${path.basename(part.file)}`,
      "the vendor's pages disagree: pull a fresh copy of the older page, or put a full spec in the vendor's openapi.yaml",
    );
  };

  // Equal-or-conflict for one keyed entry.
  const put = (target: JsonObject, key: string, value: Json, where: string, part: DocPart): void => {
    if (!Object.hasOwn(target, key)) {
      setOwn(target, key, clone(value));
      owner.set(where, part);
    } else if (!deepEqual(target[key], value)) {
      conflict(where, part);
    }
  };

  for (const part of parts) {
    for (const [key, value] of Object.entries(part.doc)) {
      switch (key) {
        case 'info':
          // Pages are snapshots taken at different times; their info blocks may differ in
          // version or wording without saying anything about the API. First page wins.
          if (!Object.hasOwn(out, 'info')) out.info = clone(value);
          break;
        case 'servers':
          out.servers = mergeServers((out.servers as Json[] | undefined) ?? [], value);
          break;
        case 'security':
        case 'tags':
          out[key] = unionArray((out[key] as Json[] | undefined) ?? [], value);
          break;
        case 'paths':
        case 'webhooks':
        case 'components': {
          // Two levels keyed: path -> method, or section -> component name.
          if (!isObject(value)) {
            put(out, key, value, key, part);
            break;
          }
          out[key] ??= {};
          const target = out[key] as JsonObject;
          for (const [outerKey, inner] of Object.entries(value)) {
            if (!isObject(inner)) {
              put(target, outerKey, inner, label(key, outerKey), part);
              continue;
            }
            // Keys are the vendor's (a path may be `__proto__`): own properties only.
            if (!Object.hasOwn(target, outerKey)) setOwn(target, outerKey, {});
            const innerTarget = target[outerKey] as JsonObject;
            for (const [innerKey, v] of Object.entries(inner)) {
              put(innerTarget, innerKey, v, label(key, outerKey, innerKey), part);
            }
          }
          break;
        }
        default:
          put(out, key, value, key, part);
      }
    }
  }
  return out;
}

// paths['/agent/{id}'].delete reads better than a dotted path full of slashes.
function label(section: string, outer: string, inner?: string): string {
  const base = section === 'components' ? `components.${outer}` : `${section}['${outer}']`;
  return inner === undefined ? base : `${base}.${inner}`;
}

// Servers are keyed by url: one page may add a description another page leaves out.
function mergeServers(acc: Json[], more: Json): Json[] {
  const out = clone(acc);
  for (const s of Array.isArray(more) ? more : []) {
    const same = out.find((o) => isObject(o) && isObject(s) && o.url === s.url);
    if (same && isObject(same) && isObject(s)) {
      for (const [k, v] of Object.entries(s)) if (!Object.hasOwn(same, k)) setOwn(same, k, clone(v));
    } else if (!same) {
      out.push(clone(s));
    }
  }
  return out;
}

function unionArray(acc: Json[], more: Json): Json[] {
  const out = clone(acc);
  for (const v of Array.isArray(more) ? more : []) {
    const dup = out.some((o) =>
      isObject(o) && isObject(v) && typeof o.name === 'string' ? o.name === v.name : deepEqual(o, v),
    );
    if (!dup) out.push(clone(v));
  }
  return out;
}
