// What a vendor's cases compute from its spec alone, computed once before any case runs: the schema
// validator and its compiled schemas, the spec's broken examples, and each operation's request.
// Cases run concurrently; this work is synchronous and, on a large spec, takes seconds (OpenAI's
// `createConversationItems` body: 4–17 s to sample). Done inside a case it stalled every other case's
// requests: attempt timers fired late ("attempt timed out" with the answer already in), and kept-alive
// sockets the mock had closed meanwhile were written to (EPIPE, "other side closed"), run to run.
import type { ConformanceCase, VendorContext } from './context.js';
import { rawCallInit, sampleArgs } from './requests.js';
import { createSchemaValidator, validateExamples } from './schema.js';
import type { SpecOperation } from './spec.js';

/** The built spec a vendor's cases come from, as locations name it. */
export const builtSpecFile = (vendor: string): string => `generated/${vendor}/openapi.yaml`;

export function prepareCases(ctx: VendorContext, cases: readonly ConformanceCase[]): void {
  ctx.validator ??= createSchemaValidator(ctx.doc, { file: builtSpecFile(ctx.vendor) });
  ctx.brokenExamples ??= new Set(validateExamples(ctx.doc, ctx.validator).problems.map((p) => p.where));
  const operations = new Set<SpecOperation>();
  for (const c of cases) if (c.operation) operations.add(c.operation);
  for (const operation of operations) {
    // A failure here (a schema that does not compile, a sampler error) is the case's to report,
    // when it meets the same failure itself.
    attempt(() => rawCallInit(operation, sampleArgs(operation, ctx), ctx));
    for (const response of operation.responses) {
      for (const media of Object.values(response.content)) {
        const pointer = media.schemaPointer;
        if (pointer) attempt(() => ctx.validator?.validate(pointer, null));
      }
    }
  }
}

function attempt(work: () => unknown): void {
  try {
    work();
  } catch {
    // reported by the case (see above)
  }
}
