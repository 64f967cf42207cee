// The checks of one call's exchange: what the mock interfered with (then the mock's limitation, not a
// verdict on us), the request against the spec, the status the case's kind expects, and the answer's
// media type and schema. Which of them apply is the case kind's (kinds.ts).
import {
  type CheckName,
  contentTypeConformance,
  documentedResponse,
  isOurs,
  mediaType,
  mockLimitation,
  mockOwnError,
  requestConformance,
  responseSchemaConformance,
  specDefect,
  type Verdict,
} from './checks.js';
import type { ConformanceCase, VendorContext } from './context.js';
import type { RecordedExchange } from './exchange.js';
import type { CaseKindStrategy } from './kinds.js';
import { builtSpecFile } from './prepare.js';
import { createSchemaValidator } from './schema.js';
import { brokenExampleServed } from './served-example.js';
import type { SpecOperation } from './spec.js';

export type CheckVerdicts = Array<[CheckName, Verdict]>;

/**
 * The mock's complaint when the only thing it finds wrong with a multipart request is an array field
 * sent as one part (a one-item array and a single value look the same on the wire).
 */
function oneItemFormArray(exchange: RecordedExchange): string | undefined {
  if (!/^multipart\/form-data\b/i.test(exchange.request.headers.get('content-type') ?? '')) return undefined;
  let violations: Array<{ location?: string[]; message?: string }>;
  try {
    violations = JSON.parse(exchange.response?.headers.get('sl-violations') ?? '[]');
  } catch {
    return undefined;
  }
  const onRequest = violations.filter((v) => v.location?.[0] === 'request');
  if (onRequest.length === 0 || !onRequest.every((v) => /must be array$/.test(v.message ?? ''))) return undefined;
  return `the mock reads a one-item array sent as one multipart part as a single value: ${onRequest.map((v) => v.message).join('; ')}`;
}

/** The verdicts of one exchange of a case. */
export function wireChecks(
  c: ConformanceCase,
  ctx: VendorContext,
  kind: CaseKindStrategy,
  exchange: RecordedExchange,
  example: string | undefined,
): CheckVerdicts {
  const operation = c.operation!;
  const quirks = kind.checks.mockQuirks && ctx.mode === 'mock';
  const formQuirk = quirks ? oneItemFormArray(exchange) : undefined;
  if (formQuirk) {
    // Prism reads a multipart array sent as one part as a single value; nothing the client can change.
    return [
      ['request_conformance', mockLimitation(formQuirk)],
      ['status_code_conformance', mockLimitation(formQuirk)],
    ];
  }
  const verdicts: CheckVerdicts = kind.checks.request ? [['request_conformance', requestConformance(exchange)]] : [];
  const mockError = quirks ? mockOwnError(exchange) : undefined;
  if (mockError) return [...verdicts, ['status_code_conformance', mockLimitation(mockError)]];
  verdicts.push(['status_code_conformance', kind.statusVerdict(exchange, operation, kind.expectedStatus(c, ctx))]);
  if (kind.checks.body) verdicts.push(...bodyChecks(ctx, operation, exchange, example));
  return verdicts;
}

/** The answer's media type and schema, against the response the spec documents for its status. */
function bodyChecks(
  ctx: VendorContext,
  operation: SpecOperation,
  exchange: RecordedExchange,
  example: string | undefined,
): CheckVerdicts {
  const response = exchange.response ? documentedResponse(operation, exchange.response.status) : undefined;
  ctx.validator ??= createSchemaValidator(ctx.doc, { file: builtSpecFile(ctx.vendor) });
  let schemaVerdict = responseSchemaConformance(exchange, response, ctx.validator);
  // A body the mock composed from the schema itself (the spec gives no example) is the mock's
  // reading of the schema, never our client's doing.
  const media = response?.content[mediaType(exchange.response?.contentType ?? '')];
  if (isOurs(schemaVerdict) && ctx.mode === 'mock' && media && !media.hasExample) {
    schemaVerdict = mockLimitation(`the mock composed this body from the schema: ${schemaVerdict.detail}`);
  }
  // The mock served the spec's own example, and that example breaks the schema: the spec's defect.
  const served =
    isOurs(schemaVerdict) && ctx.mode === 'mock' && response && exchange.response
      ? brokenExampleServed(ctx, operation, response.status, mediaType(exchange.response.contentType), example)
      : undefined;
  if (served && schemaVerdict.ok === false) {
    schemaVerdict = specDefect(
      `the mock served the spec's own example, which breaks its schema: ${schemaVerdict.detail}`,
      `generated/${ctx.vendor}/openapi.yaml#${served}`,
    );
  }
  return [
    ['content_type_conformance', contentTypeConformance(exchange, response)],
    ['response_schema_conformance', schemaVerdict],
  ];
}
