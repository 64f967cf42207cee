// Runs one conformance case: calls the operation through every façade method that covers it and
// through the raw typed client, records what went over the wire, and returns a verdict per check.
// What differs between case kinds is asked of the case's kind (kinds.ts), never branched on here.

import { createAgentClient } from '../../src/index.js';
import { createRedactor } from '../../src/internal/redaction.js';
import {
  attributeSpecDefect,
  attributeSpecDefects,
  CHECK_NAMES,
  type CheckName,
  combine,
  mediaType,
  notApplicable,
  schemaCompileDefect,
  type Verdict,
} from './checks.js';
import type { CaseChecks, CaseResult, ConformanceCase, ExchangeExcerpt, VendorContext } from './context.js';
import { errorMapping } from './error-mapping.js';
import { excerpt, expectedAnswer, specLocationOf } from './excerpt.js';
import { type RecordedExchange, recordingFetch } from './exchange.js';
import { CASE_KINDS, type CaseKindStrategy } from './kinds.js';
import { caseOutcome, type SpecAuthor, specDefectText } from './outcome.js';
import { builtSpecFile } from './prepare.js';
import { callFacade, rawCallInit, sampleArgs } from './requests.js';
import { createSchemaValidator } from './schema.js';
import { semanticConformance } from './semantics.js';
import { brokenExampleServed } from './served-example.js';
import { specAuthor } from './spec.js';
import { type CheckVerdicts, wireChecks } from './wire-checks.js';

type Args = ReturnType<typeof sampleArgs>;

/** Each check's verdicts over a case's calls, with the call they came from, and the calls' excerpts. */
class CaseRecord {
  readonly exchanges: ExchangeExcerpt[] = [];
  private readonly perCheck = new Map<CheckName, Array<{ label: string; verdict: Verdict }>>();

  add(label: string, verdicts: CheckVerdicts): void {
    for (const [name, verdict] of verdicts)
      this.perCheck.set(name, [...(this.perCheck.get(name) ?? []), { label, verdict }]);
  }

  /**
   * One verdict per check, each call's spec defects given to the spec's `author` first; check details
   * quote what servers sent, and a live server may echo the key.
   */
  checks(apiKey: string, author: SpecAuthor): CaseChecks {
    const redact = createRedactor(apiKey);
    const checks: CaseChecks = {};
    for (const name of CHECK_NAMES) {
      const verdicts = this.perCheck.get(name);
      const verdict =
        verdicts && combine(verdicts.map((v) => ({ ...v, verdict: attributeSpecDefect(v.verdict, author) })));
      if (verdict)
        checks[name] =
          verdict.ok === true || !verdict.detail ? verdict : { ...verdict, detail: redact(verdict.detail) };
    }
    return checks;
  }
}

export async function runCase(c: ConformanceCase, ctx: VendorContext): Promise<CaseResult> {
  const started = performance.now();
  const kind = CASE_KINDS[c.kind];
  const record = new CaseRecord();
  const notApplicableHere = kind.notApplicable?.(c, ctx);
  // A spec defect is its author's: in a spec we wrote, ours.
  const author = specAuthor(ctx.doc);
  let checks: CaseChecks;
  if (kind.checkSpec) checks = attributeSpecDefects(kind.checkSpec(c, ctx), author);
  else if (notApplicableHere) checks = { status_code_conformance: notApplicable(notApplicableHere) };
  else {
    await callOperation(c, ctx, kind, record);
    checks = record.checks(ctx.apiKey, author);
  }
  return {
    id: c.id,
    vendor: c.vendor,
    operationId: c.operation?.operationId ?? '*',
    label: c.label,
    kind: c.kind,
    ...(c.operation ? { method: c.operation.method.toUpperCase(), path: c.operation.path } : {}),
    specLocation: specLocationOf(c),
    checks,
    exchanges: record.exchanges,
    durationMs: Math.round(performance.now() - started),
    passed: Object.values(checks).every((v) => v.ok !== false),
    outcome: caseOutcome(Object.values(checks)),
  };
}

/** The operation through each façade method that covers it (once per variant), then the raw client. */
async function callOperation(c: ConformanceCase, ctx: VendorContext, kind: CaseKindStrategy, record: CaseRecord) {
  // Before any request is built: the raw call's body is checked against its schema (requests.ts).
  ctx.validator ??= createSchemaValidator(ctx.doc, { file: builtSpecFile(ctx.vendor) });
  const args = sampleArgs(c.operation!, ctx);
  const variants = kind.variants?.(c, ctx) ?? [{}];
  const calls = c.facadeMethods.flatMap((method) => variants.map((variant) => ({ method, ...variant })));
  for (const call of calls) await callThroughFacade(c, ctx, kind, record, args, call);
  if (calls.length === 0) {
    record.add('façade', [['error_mapping', notApplicable('operation not covered by the façade')]]);
  }
  await callThroughRaw(c, ctx, kind, record, args);
}

/** A client whose requests become the case's variant and are recorded. `timeoutMs`: the façade's calls. */
function clientFor(
  c: ConformanceCase,
  ctx: VendorContext,
  kind: CaseKindStrategy,
  timing: { timeoutMs?: number },
  example?: string,
) {
  const { fetch, exchanges } = recordingFetch(kind.rewrite(c, ctx, example), undefined, {
    retryStaleConnection: ctx.mode === 'mock',
  });
  const client = createAgentClient({
    provider: ctx.provider,
    apiKey: ctx.apiKey,
    baseUrl: ctx.baseUrl,
    fetch,
    maxRetries: 0,
    ...timing,
  });
  return { client, exchanges };
}

/** The exchange's wire checks, its excerpt with the answer the spec documents for it. */
function recordExchange(
  c: ConformanceCase,
  ctx: VendorContext,
  kind: CaseKindStrategy,
  record: CaseRecord,
  label: string,
  exchange: RecordedExchange | undefined,
  example?: string,
  thrown?: unknown,
): void {
  if (!exchange) {
    const why = thrown instanceof Error ? `: ${thrown.message}` : '';
    // The request could not be built because a vendor schema does not compile: theirs, located.
    const verdict = schemaCompileDefect(thrown) ?? { ok: false, detail: `no request was sent${why}` };
    record.add(label, [['status_code_conformance', verdict]]);
    return;
  }
  const shown = excerpt(label, exchange, ctx.apiKey);
  shown.expected = expectedAnswer(ctx, c.operation!, exchange, kind.expectedStatus(c, ctx));
  record.exchanges.push(shown);
  record.add(label, wireChecks(c, ctx, kind, exchange, example));
}

async function callThroughFacade(
  c: ConformanceCase,
  ctx: VendorContext,
  kind: CaseKindStrategy,
  record: CaseRecord,
  args: Args,
  { method, name: example, alreadyInState }: { method: string; name?: string; alreadyInState?: string },
): Promise<void> {
  const operation = c.operation!;
  const label = example ? `${method}[${example}]` : method;
  const { client, exchanges } = clientFor(c, ctx, kind, { timeoutMs: 15_000 }, example);
  const outcome = await callFacade(client, method, args);
  const exchange = exchanges.at(-1);
  recordExchange(c, ctx, kind, record, label, exchange, example);
  if (!exchange) {
    record.add(label, [
      ['error_mapping', { ok: false, detail: `no request sent: ${(outcome as any).error?.message}` }],
    ]);
    return;
  }
  const vendorBody = kind.bodyIsVendors(operation, exchange.response?.status);
  const mapping = errorMapping(
    ctx.vendor,
    method,
    args.agentId,
    exchange,
    outcome,
    vendorBody,
    ctx.apiKey,
    alreadyInState,
  );
  record.add(label, [['error_mapping', mapping]]);
  const answer = exchange.response;
  if (!kind.checks.semantics || !answer || answer.status >= 300) return;
  // What the façade read from a 2xx answer, against the provider's declared semantics. An example that
  // breaks its own schema is a spec defect (response_schema_conformance says where, and whose): what
  // the façade makes of it is no evidence about the façade.
  const broken =
    ctx.mode === 'mock' && c.status !== undefined
      ? brokenExampleServed(ctx, operation, c.status, mediaType(answer.contentType), example)
      : undefined;
  const semantics = broken
    ? notApplicable(`the served example breaks its schema (${specDefectText(specAuthor(ctx.doc))} at #${broken})`)
    : semanticConformance({
        ...{ vendor: ctx.vendor, doc: ctx.doc, mode: ctx.mode, semantics: ctx.semantics },
        ...{ method, operation, exchange, outcome, example },
      });
  record.add(label, [['semantic_conformance', semantics]]);
}

/** The raw typed client: the same operation, straight through openapi-fetch. */
async function callThroughRaw(
  c: ConformanceCase,
  ctx: VendorContext,
  kind: CaseKindStrategy,
  record: CaseRecord,
  args: Args,
): Promise<void> {
  const operation = c.operation!;
  const { client, exchanges } = clientFor(c, ctx, kind, {});
  let thrown: unknown;
  try {
    await (client.raw as any).request(operation.method, operation.path, rawCallInit(operation, args, ctx));
  } catch (err) {
    // Network errors show up as a missing response in the wire checks; anything thrown before the
    // request went out is quoted there.
    thrown = err;
  }
  recordExchange(c, ctx, kind, record, 'raw', exchanges.at(-1), undefined, thrown);
}
