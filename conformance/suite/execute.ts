// Runs one conformance case: calls the operation through every façade method that covers it and
// through the raw typed client, records what went over the wire, and returns a verdict per check.
import type { ProviderDefinition } from '../../src/core/provider.js';
import { createAgentClient } from '../../src/index.js';
import type { ConformanceCase } from './cases.js';
import {
  bodyIsVendors,
  CHECK_NAMES,
  type CheckName,
  combine,
  contentTypeConformance,
  documentedResponse,
  isOurs,
  mediaType,
  mockLimitation,
  mockOwnError,
  notApplicable,
  requestConformance,
  responseSchemaConformance,
  schemaCompileDefect,
  specDefect,
  statusCodeConformance,
  type Verdict,
} from './checks.js';
import { errorMapping } from './error-mapping.js';
import { API_KEY_PLACEHOLDER, type RecordedExchange, recordingFetch } from './exchange.js';
import { type CaseOutcome, caseOutcome } from './outcome.js';
import { callFacade, expectedStatus, rawCallInit, rewriteFor, sampleArgs, wrongMethod } from './requests.js';
import type { Sampler } from './sampling.js';
import { createSchemaValidator, type SchemaValidator, validateExamples } from './schema.js';
import { semanticConformance } from './semantics.js';
import { deref, type OpenApiDocument, resolvePointer, type SpecOperation } from './spec.js';

function resolvePointerOrUndefined(doc: OpenApiDocument, pointer: string): any {
  try {
    return resolvePointer(doc, pointer);
  } catch {
    return undefined;
  }
}

export interface VendorContext {
  vendor: string;
  /** The registry's provider, a fixture's, or a raw-only one (no façade method) for a spec without one. */
  provider: ProviderDefinition;
  doc: OpenApiDocument;
  baseUrl: string;
  /** 'mock': Prism mock, statuses chosen with Prefer; 'live': a real API behind prism proxy. */
  mode: 'mock' | 'live';
  apiKey: string;
  /** Live mode: the agent the write cases act on, and the id used for reads. */
  agentId?: string;
  validator?: SchemaValidator;
  sampler?: Sampler;
  /** JSON pointers of the spec's examples that break their own schema (computed once). */
  brokenExamples?: Set<string>;
}

const escapePointer = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');

/**
 * Where the mock's answer came from when it is one of the spec's own examples that breaks its schema:
 * the named example asked for with `Prefer: example=`, or the media type's single `example`.
 */
function brokenExampleServed(
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

/** What went over the wire for one call of a case, cut to an excerpt, the API key masked. */
export interface ExchangeExcerpt {
  /** The façade method (e.g. `archive`, `archive[already_archived]`) or `raw`. */
  call: string;
  /** Enough to replay the request: the key in a URL, header or body is written `$API_KEY`. */
  request: { method: string; url: string; headers?: Record<string, string>; body?: string };
  response?: { status: number; contentType: string; body: string };
  networkError?: string;
  /** What the spec documents for this answer, when the case checks one. */
  expected?: ExpectedAnswer;
}

/** The documented answer an exchange is held to: status, media types, and the schema (an excerpt). */
export interface ExpectedAnswer {
  status?: string;
  contentTypes?: string[];
  /** `generated/<vendor>/openapi.yaml#/…/schema`, and the schema there as JSON ($ref followed once). */
  schemaLocation?: string;
  schema?: string;
}

export interface CaseResult {
  id: string;
  vendor: string;
  operationId: string;
  label: string;
  kind: ConformanceCase['kind'];
  /** The operation's HTTP method and path template, when the case has an operation. */
  method?: string;
  path?: string;
  /** Where in the built spec the case comes from (file and JSON pointer). */
  specLocation: string;
  checks: Partial<Record<CheckName, Verdict>>;
  exchanges: ExchangeExcerpt[];
  durationMs: number;
  /** No check failed for any owner. */
  passed: boolean;
  /** Whose fault the end is, from the checks' owners (see outcome.ts). */
  outcome: CaseOutcome;
}

const EXCERPT_CHARS = 2000;

function excerpt(call: string, exchange: RecordedExchange, apiKey: string): ExchangeExcerpt {
  const mask = (text: string) => (apiKey ? text.split(apiKey).join('***') : text);
  const placeholder = (text: string) => (apiKey ? text.split(apiKey).join(API_KEY_PLACEHOLDER) : text);
  const cut = (text: string) => (text.length > EXCERPT_CHARS ? `${text.slice(0, EXCERPT_CHARS)}…` : text);
  const headers = Object.fromEntries([...exchange.request.headers].map(([k, v]) => [k, placeholder(v)]));
  const sent = exchange.request.bodyText;
  return {
    call,
    request: {
      method: exchange.request.method,
      url: placeholder(exchange.request.url),
      headers,
      ...(sent === undefined ? {} : { body: cut(placeholder(sent)) }),
    },
    ...(exchange.response
      ? {
          response: {
            status: exchange.response.status,
            contentType: exchange.response.contentType,
            body: cut(mask(exchange.response.bodyText)),
          },
        }
      : {}),
    ...(exchange.networkError ? { networkError: mask(exchange.networkError) } : {}),
  };
}

/** `generated/<vendor>/openapi.yaml#/paths/~1agents/get/responses/200`: a JSON pointer into the built spec. */
function specLocationOf(c: ConformanceCase): string {
  const file = `generated/${c.vendor}/openapi.yaml`;
  if (!c.operation) return file;
  const pointer =
    c.kind === 'status' && c.status ? `${c.operation.pointer}/responses/${c.status}` : c.operation.pointer;
  return `${file}#${pointer}`;
}

/** Check details quote what servers sent; a live server may echo the key, which never reaches a report. */
function withoutSecret(verdict: Verdict, apiKey: string): Verdict {
  if (!apiKey || verdict.ok === true || !verdict.detail?.includes(apiKey)) return verdict;
  return { ...verdict, detail: verdict.detail.split(apiKey).join('***') } as Verdict;
}

const SCHEMA_CHARS = 2000;

/** The answer the spec documents for what came back (for the report's expected-vs-actual view). */
function expectedAnswer(
  ctx: VendorContext,
  operation: SpecOperation,
  exchange: RecordedExchange,
  status: string | undefined,
): ExpectedAnswer | undefined {
  const actual = exchange.response?.status;
  const response = status
    ? operation.responses.find((r) => r.status === status)
    : actual
      ? documentedResponse(operation, actual)
      : undefined;
  if (!status && !response) return undefined;
  const media = response ? mediaType(exchange.response?.contentType ?? '') : '';
  const schemaPointer = response?.content[media]?.schemaPointer;
  let schema: string | undefined;
  if (schemaPointer) {
    try {
      const text = JSON.stringify(deref(ctx.doc, resolvePointer(ctx.doc, schemaPointer)).value);
      schema = text.length > SCHEMA_CHARS ? `${text.slice(0, SCHEMA_CHARS)}…` : text;
    } catch {
      // An unresolvable $ref is the examples check's to report; the view shows the location only.
    }
  }
  return {
    ...((status ?? response?.status) ? { status: status ?? response?.status } : {}),
    ...(response ? { contentTypes: Object.keys(response.content) } : {}),
    ...(schemaPointer ? { schemaLocation: `generated/${ctx.vendor}/openapi.yaml#${schemaPointer}` } : {}),
    ...(schema ? { schema } : {}),
  };
}

export async function runCase(c: ConformanceCase, ctx: VendorContext): Promise<CaseResult> {
  const started = performance.now();
  ctx.validator ??= createSchemaValidator(ctx.doc, { file: `generated/${ctx.vendor}/openapi.yaml` });
  const validator = ctx.validator;
  const seen: ExchangeExcerpt[] = [];
  const result = (checks: Partial<Record<CheckName, Verdict>>, label: string): CaseResult => ({
    id: c.id,
    vendor: c.vendor,
    operationId: c.operation?.operationId ?? '*',
    label,
    kind: c.kind,
    ...(c.operation ? { method: c.operation.method.toUpperCase(), path: c.operation.path } : {}),
    specLocation: specLocationOf(c),
    checks,
    exchanges: seen,
    durationMs: Math.round(performance.now() - started),
    passed: Object.values(checks).every((v) => v.ok !== false),
    outcome: caseOutcome(Object.values(checks)),
  });

  if (c.kind === 'examples') {
    const { checked, problems } = validateExamples(ctx.doc);
    const verdict: Verdict =
      problems.length === 0
        ? checked > 0
          ? { ok: true }
          : notApplicable('no examples')
        : // An example that breaks its own schema is the spec's contradiction, located by its pointer.
          specDefect(
            problems.map((p) => `${p.where}: ${p.errors.join(', ')}`).join(' | '),
            problems.map((p) => `generated/${c.vendor}/openapi.yaml#${p.where}`).join(' '),
          );
    return result({ examples_valid: verdict }, 'examples');
  }

  const operation = c.operation!;
  if (c.kind === 'wrong_method' && wrongMethod(operation.path, ctx) === undefined) {
    return result(
      { status_code_conformance: notApplicable('every method of this URL is documented by some route') },
      c.kind,
    );
  }
  const args = sampleArgs(operation, ctx);
  const perCheck = new Map<CheckName, Array<{ label: string; verdict: Verdict }>>();
  const record = (name: CheckName, label: string, verdict: Verdict): void => {
    perCheck.set(name, [...(perCheck.get(name) ?? []), { label, verdict }]);
  };

  const wireChecks = (
    label: string,
    exchange: RecordedExchange | undefined,
    example?: string,
    thrown?: unknown,
  ): void => {
    if (!exchange) {
      const why = thrown instanceof Error ? `: ${thrown.message}` : '';
      // The request could not be built because a vendor schema does not compile: theirs, located.
      const verdict = schemaCompileDefect(thrown) ?? { ok: false, detail: `no request was sent${why}` };
      record('status_code_conformance', label, verdict);
      return;
    }
    const shown = excerpt(label, exchange, ctx.apiKey);
    seen.push(shown);
    const expected = expectedStatus(c, ctx);
    shown.expected = expectedAnswer(ctx, operation, exchange, c.kind === 'status' ? c.status : expected);
    const formQuirk = c.kind === 'status' && ctx.mode === 'mock' ? oneItemFormArray(exchange) : undefined;
    if (formQuirk) {
      // Prism reads a multipart array sent as one part as a single value; nothing the client can change.
      record('request_conformance', label, mockLimitation(formQuirk));
      record('status_code_conformance', label, mockLimitation(formQuirk));
      return;
    }
    if (c.kind === 'status') record('request_conformance', label, requestConformance(exchange));
    const mockError = c.kind === 'status' && ctx.mode === 'mock' ? mockOwnError(exchange) : undefined;
    if (mockError) {
      record('status_code_conformance', label, mockLimitation(mockError));
      return;
    }
    // Prism answers some requests (no key, an unknown route, the wrong method, a status asked for with
    // Prefer) before it reads the body, and closes the connection: a large body is then cut off
    // mid-write (EPIPE, also on the one resend) and the answer is lost. A server closing the socket
    // under a request is nothing the client can cause or read.
    if (ctx.mode === 'mock' && !exchange.response && /\bEPIPE\b/.test(exchange.networkError ?? '')) {
      const size = exchange.request.bodyText?.length ?? 0;
      record(
        'status_code_conformance',
        label,
        mockLimitation(`the mock answered before reading the ${size}-character body and closed the connection (EPIPE)`),
      );
      return;
    }
    if (c.kind === 'wrong_method') {
      const status = exchange.response?.status;
      record(
        'status_code_conformance',
        label,
        status === 405 || status === 404
          ? { ok: true }
          : { ok: false, detail: `expected 404 or 405, got ${status ?? exchange.networkError}` },
      );
    } else if (c.kind !== 'status' && expected) {
      record(
        'status_code_conformance',
        label,
        String(exchange.response?.status) === expected
          ? { ok: true }
          : { ok: false, detail: `expected ${expected}, got ${exchange.response?.status ?? exchange.networkError}` },
      );
    } else {
      record('status_code_conformance', label, statusCodeConformance(exchange, operation, expected));
    }
    // Bodies of Prism's own routing errors (unknown route, wrong method) are not the vendor's.
    if (c.kind === 'status' || c.kind === 'no_authorization') {
      const response = exchange.response ? documentedResponse(operation, exchange.response.status) : undefined;
      record('content_type_conformance', label, contentTypeConformance(exchange, response));
      let schemaVerdict = responseSchemaConformance(exchange, response, validator);
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
      record('response_schema_conformance', label, schemaVerdict);
    }
  };

  // A status with several named examples is asked for once per example (`Prefer: example=`), so
  // that every documented variant of the answer goes through the façade.
  const documented =
    c.kind === 'status' && ctx.mode === 'mock' ? operation.responses.find((r) => r.status === c.status) : undefined;
  const variants: Array<{ name?: string; alreadyInState?: string }> =
    documented && documented.examples.length > 1 ? documented.examples : [{}];
  const calls = c.facadeMethods.flatMap((method) => variants.map((variant) => ({ method, ...variant })));
  for (const { method, name: example, alreadyInState } of calls) {
    const label = example ? `${method}[${example}]` : method;
    const { fetch, exchanges } = recordingFetch(rewriteFor(c, ctx, example), undefined, {
      retryStaleConnection: ctx.mode === 'mock',
    });
    const client = createAgentClient({
      provider: ctx.provider,
      apiKey: ctx.apiKey,
      baseUrl: ctx.baseUrl,
      fetch,
      maxRetries: 0,
      timeoutMs: 15_000,
    });
    const outcome = await callFacade(client, method, args);
    const exchange = exchanges.at(-1);
    wireChecks(label, exchange, example);
    const vendorBody = bodyIsVendors(c.kind, operation, exchange?.response?.status);
    if (exchange) {
      record(
        'error_mapping',
        label,
        errorMapping(ctx.vendor, method, args.agentId, exchange, outcome, vendorBody, ctx.apiKey, alreadyInState),
      );
    } else {
      record('error_mapping', label, { ok: false, detail: `no request sent: ${(outcome as any).error?.message}` });
    }
    // What the façade read from a 2xx answer, against the provider's declared semantics.
    if (c.kind === 'status' && exchange?.response && exchange.response.status < 300) {
      const semantics = ctx.provider.semantics;
      const input = { vendor: ctx.vendor, doc: ctx.doc, mode: ctx.mode, semantics, method, operation, exchange };
      // An example that breaks its own schema is the vendor's defect (response_schema_conformance says
      // where): what the façade makes of it is no evidence against us.
      const broken =
        ctx.mode === 'mock' && c.status !== undefined
          ? brokenExampleServed(ctx, operation, c.status, mediaType(exchange.response.contentType), example)
          : undefined;
      record(
        'semantic_conformance',
        label,
        broken
          ? notApplicable(`the served example breaks its schema (vendor spec defect at #${broken})`)
          : semanticConformance({ ...input, outcome, example }),
      );
    }
  }
  if (calls.length === 0) {
    record('error_mapping', 'façade', notApplicable('operation not covered by the façade'));
  }

  // The raw typed client: the same operation, straight through openapi-fetch.
  {
    const { fetch, exchanges } = recordingFetch(rewriteFor(c, ctx), undefined, {
      retryStaleConnection: ctx.mode === 'mock',
    });
    const client = createAgentClient({
      provider: ctx.provider,
      apiKey: ctx.apiKey,
      baseUrl: ctx.baseUrl,
      fetch,
      maxRetries: 0,
    });
    let thrown: unknown;
    try {
      await (client.raw as any).request(operation.method, operation.path, rawCallInit(operation, args, ctx));
    } catch (err) {
      // Network errors show up as a missing response in the wire checks; anything thrown before the
      // request went out is quoted there.
      thrown = err;
    }
    wireChecks('raw', exchanges.at(-1), undefined, thrown);
  }

  const checks: Partial<Record<CheckName, Verdict>> = {};
  for (const name of CHECK_NAMES) {
    const verdicts = perCheck.get(name);
    if (verdicts) checks[name] = withoutSecret(combine(verdicts), ctx.apiKey);
  }
  const label = c.kind === 'status' ? (c.status ?? 'live') : c.kind;
  return result(checks, ctx.mode === 'live' && c.kind === 'status' ? 'live' : label);
}
