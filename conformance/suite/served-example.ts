// Whether the mock's answer is one of the spec's own examples that breaks its schema: then a schema
// failure (or what the façade made of that body) is the vendor's defect, not ours.
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
 * Where the mock's answer came from when it is one of the spec's own examples that breaks its schema:
 * the named example asked for with `Prefer: example=`, or the media type's single `example`.
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
  const where = example ? `${base}/examples/${escapePointer(example)}` : `${base}/example`;
  if (ctx.brokenExamples.has(where)) return where;
  // Without an example of its own, the media type's schema's `example` is what Prism serves.
  const schemaRef = deref(ctx.doc, resolvePointerOrUndefined(ctx.doc, base)?.schema).pointer;
  const fromSchema = schemaRef ? `${schemaRef}/example` : `${base}/schema/example`;
  return example === undefined && ctx.brokenExamples.has(fromSchema) ? fromSchema : undefined;
}
