// Whether the mock's answer is one of the spec's own examples that breaks its schema: then a schema
// failure (or what the façade made of that body) is a defect of the spec (its author's: see
// outcome.ts), not of our client.
import type { VendorContext } from './context.js';
import { validateExamples } from './schema.js';
import { deref, escapePointer, type OpenApiDocument, resolvePointer } from './spec.js';

function resolvePointerOrUndefined(doc: OpenApiDocument, pointer: string): any {
  try {
    return resolvePointer(doc, pointer);
  } catch {
    return undefined;
  }
}

/**
 * The JSON pointer of the example Prism serves for a media type. Asked for by name
 * (`Prefer: example=`): that named example. Otherwise Prism (http-spec's media-type transform, then
 * the negotiator's first example) lists the media type's `example`, else its schema's (`example`, else
 * `examples[0]`, after `$ref`), ahead of the named `examples` in document order, and serves the first.
 * Undefined when the media type documents none (Prism composes the body from the schema).
 */
export function servedExamplePointer(
  doc: OpenApiDocument,
  base: string,
  example: string | undefined,
): string | undefined {
  if (example !== undefined) return `${base}/examples/${escapePointer(example)}`;
  const media = resolvePointerOrUndefined(doc, base);
  if (!media || typeof media !== 'object') return undefined;
  if ('example' in media) return `${base}/example`;
  let schema: { value: any; pointer?: string } = { value: undefined };
  try {
    schema = deref(doc, media.schema);
  } catch {
    // an unresolvable $ref: no schema example to serve
  }
  const schemaPointer = schema.pointer ?? `${base}/schema`;
  if (schema.value && typeof schema.value === 'object') {
    if (schema.value.example !== undefined) return `${schemaPointer}/example`;
    if (Array.isArray(schema.value.examples) && schema.value.examples.length > 0) return `${schemaPointer}/examples/0`;
  }
  const first = Object.keys(media.examples ?? {})[0];
  return first === undefined ? undefined : `${base}/examples/${escapePointer(first)}`;
}

/**
 * Where the mock's answer came from when it is one of the spec's own examples that breaks its schema
 * (see `servedExamplePointer` for which example Prism serves).
 */
export function brokenExampleServed(
  ctx: VendorContext,
  operation: { method: string; path: string },
  status: string,
  media: string,
  example: string | undefined,
): string | undefined {
  ctx.brokenExamples ??= new Set(validateExamples(ctx.doc).problems.map((p) => p.where));
  const base = `/paths/${escapePointer(operation.path)}/${operation.method}/responses/${status}/content/${escapePointer(media)}`;
  const served = servedExamplePointer(ctx.doc, base, example);
  return served !== undefined && ctx.brokenExamples.has(served) ? served : undefined;
}
