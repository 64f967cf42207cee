// YAML in and out. Parsing maps js-yaml's mark to file:line:col (offset by where an extracted
// block starts in its page); dumping is deterministic so unchanged specs give identical bytes.
// A spec is untrusted input, so parsing has limits (README, "Security model"): size, nesting depth,
// alias expansion (a 1 kB "billion laughs" file must not become gigabytes downstream), no alias
// cycles; duplicate keys are refused (js-yaml's default) and `__proto__` stays an own data key
// (js-yaml defines it as a property, it never becomes a prototype link).
import yaml from 'js-yaml';
import { PipelineError } from './pipeline-error.js';

export const PARSE_LIMITS = {
  /** Characters of one file or block. The largest real spec we know is ~3 MB; the bench's 1,000x synthetic one is 51 MB. */
  maxChars: 64 * 1024 * 1024,
  /** Nesting of objects and arrays. Real specs stay well below 64. */
  maxDepth: 200,
  /** Nodes that aliases may add on top of the document's own (expanded size minus unique size). */
  maxAliasGrowth: 100_000,
};

export function parseYaml(text: string, file: string, lineOffset = 0): unknown {
  if (text.length > PARSE_LIMITS.maxChars) {
    throw new PipelineError(
      { file },
      `too large (${text.length} characters, limit ${PARSE_LIMITS.maxChars})`,
      'a spec this size is not an OpenAPI document we can check; ask the vendor for a smaller spec',
    );
  }
  let doc: unknown;
  try {
    // JSON is YAML, so one parser serves openapi.json too. CORE_SCHEMA: an unquoted date in an
    // example must stay a string, not become a Date (JSON has no dates; Prism would disagree).
    doc = yaml.load(text, { filename: file, schema: yaml.CORE_SCHEMA });
  } catch (err) {
    if (err instanceof yaml.YAMLException) {
      const mark = err.mark as { line?: number; column?: number } | undefined;
      const line = mark?.line !== undefined ? mark.line + 1 + lineOffset : undefined;
      const col = mark?.column !== undefined ? mark.column + 1 : undefined;
      throw new PipelineError(
        { file, line, col },
        `invalid YAML: ${err.reason}`,
        'fix the YAML syntax at that position',
      );
    }
    if (err instanceof RangeError) {
      // js-yaml recurses per nesting level: thousands of `[[[[` exhaust the stack before any limit.
      throw new PipelineError(
        { file },
        `nested too deeply to parse (limit ${PARSE_LIMITS.maxDepth} levels)`,
        'the file is not a plausible spec; check its source',
      );
    }
    throw err;
  }
  checkShape(doc, file);
  return doc;
}

/**
 * Depth, alias growth and cycles, in one pass over the parsed value. Aliases come out of js-yaml as
 * shared references, so each distinct node is measured once (memoised) and the walk stays linear in
 * the file even when its expansion would not be.
 */
function checkShape(root: unknown, file: string): void {
  const expanded = new Map<object, number>();
  const keys: Array<string | number> = [];
  let unique = 0;
  const fail = (what: string, fix: string): never => {
    throw new PipelineError({ file }, `${what} at #/${keys.map((k) => escapeToken(String(k))).join('/')}`, fix);
  };
  const size = (node: object): number => {
    const known = expanded.get(node);
    if (known !== undefined) {
      // -1 marks a node still being measured: an alias inside itself.
      if (known === -1) fail('alias cycle (a node contains itself)', 'remove the recursive YAML alias');
      return known;
    }
    if (keys.length >= PARSE_LIMITS.maxDepth)
      fail(`nested deeper than ${PARSE_LIMITS.maxDepth} levels`, 'the file is not a plausible spec; check its source');
    expanded.set(node, -1);
    unique++;
    let total = 1;
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) {
        const v = node[i];
        if (v === null || typeof v !== 'object') {
          // A scalar is counted here, once: only aliased objects count more than once in `total`.
          unique++;
          total++;
          continue;
        }
        keys.push(i);
        total += size(v);
        keys.pop();
      }
    } else {
      for (const k in node) {
        const v = (node as Record<string, unknown>)[k];
        if (v === null || typeof v !== 'object') {
          unique++;
          total++;
          continue;
        }
        keys.push(k);
        total += size(v);
        keys.pop();
      }
    }
    expanded.set(node, total);
    return total;
  };
  if (root === null || typeof root !== 'object') return;
  const total = size(root);
  if (total - unique > PARSE_LIMITS.maxAliasGrowth) {
    throw new PipelineError(
      { file },
      `YAML aliases expand the document to ${total} nodes from ${unique} (limit +${PARSE_LIMITS.maxAliasGrowth})`,
      'an alias bomb is not a spec; check its source (write repeated parts out, or share them with $ref)',
    );
  }
}

function escapeToken(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

export function dumpYaml(value: unknown): string {
  // lineWidth -1: never fold long strings (folding differs between versions and hurts diffs).
  // noRefs: repeated objects are written out, never as YAML anchors Prism may not expect.
  return yaml.dump(value, { lineWidth: -1, noRefs: true, quotingType: "'" });
}
