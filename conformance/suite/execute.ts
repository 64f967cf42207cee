// Runs one conformance case: calls the operation through every façade method that covers it and
// through the raw typed client, records what went over the wire, and returns a verdict per check.
import { createAgentClient } from '../../src/index.js';
import type { ConformanceCase } from './cases.js';
import {
  CHECK_NAMES,
  type CheckName,
  combine,
  contentTypeConformance,
  documentedResponse,
  notApplicable,
  requestConformance,
  responseSchemaConformance,
  statusCodeConformance,
  type Verdict,
} from './checks.js';
import { errorMapping } from './error-mapping.js';
import { type RecordedExchange, recordingFetch } from './exchange.js';
import { callFacade, expectedStatus, rawCallInit, rewriteFor, sampleArgs } from './requests.js';
import { createSchemaValidator, type SchemaValidator, validateExamples } from './schema.js';
import type { OpenApiDocument } from './spec.js';

export interface VendorContext {
  vendor: string;
  doc: OpenApiDocument;
  baseUrl: string;
  /** 'mock': Prism mock, statuses chosen with Prefer; 'live': a real API behind prism proxy. */
  mode: 'mock' | 'live';
  apiKey: string;
  /** Live mode: the agent the write cases act on, and the id used for reads. */
  agentId?: string;
  validator?: SchemaValidator;
}

export interface CaseResult {
  id: string;
  vendor: string;
  operationId: string;
  label: string;
  checks: Partial<Record<CheckName, Verdict>>;
  passed: boolean;
}

/** Check details quote what servers sent; a live server may echo the key, which never reaches a report. */
function withoutSecret(verdict: Verdict, apiKey: string): Verdict {
  if (!apiKey || verdict.ok === true || !verdict.detail?.includes(apiKey)) return verdict;
  return { ...verdict, detail: verdict.detail.split(apiKey).join('***') } as Verdict;
}

export async function runCase(c: ConformanceCase, ctx: VendorContext): Promise<CaseResult> {
  ctx.validator ??= createSchemaValidator(ctx.doc);
  const validator = ctx.validator;
  const result = (checks: Partial<Record<CheckName, Verdict>>, label: string): CaseResult => ({
    id: c.id,
    vendor: c.vendor,
    operationId: c.operation?.operationId ?? '*',
    label,
    checks,
    passed: Object.values(checks).every((v) => v.ok !== false),
  });

  if (c.kind === 'examples') {
    const { checked, problems } = validateExamples(ctx.doc);
    const verdict: Verdict =
      problems.length === 0
        ? checked > 0
          ? { ok: true }
          : notApplicable('no examples')
        : { ok: false, detail: problems.map((p) => `${p.where}: ${p.errors.join(', ')}`).join(' | ') };
    return result({ examples_valid: verdict }, 'examples');
  }

  const operation = c.operation!;
  const args = sampleArgs(operation, ctx);
  const perCheck = new Map<CheckName, Array<{ label: string; verdict: Verdict }>>();
  const record = (name: CheckName, label: string, verdict: Verdict): void => {
    perCheck.set(name, [...(perCheck.get(name) ?? []), { label, verdict }]);
  };

  const wireChecks = (label: string, exchange: RecordedExchange | undefined): void => {
    if (!exchange) {
      record('status_code_conformance', label, { ok: false, detail: 'no request was sent' });
      return;
    }
    const expected = expectedStatus(c, ctx);
    if (c.kind === 'status') record('request_conformance', label, requestConformance(exchange));
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
      record('response_schema_conformance', label, responseSchemaConformance(exchange, response, validator));
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
    const { fetch, exchanges } = recordingFetch(rewriteFor(c, ctx, example));
    const client = createAgentClient({
      provider: ctx.vendor as any,
      apiKey: ctx.apiKey,
      baseUrl: ctx.baseUrl,
      fetch,
      maxRetries: 0,
      timeoutMs: 15_000,
    });
    const outcome = await callFacade(client, method, args);
    const exchange = exchanges.at(-1);
    wireChecks(label, exchange);
    const vendorBody = c.kind === 'status' || c.kind === 'no_authorization';
    if (exchange) {
      record(
        'error_mapping',
        label,
        errorMapping(ctx.vendor, method, args.agentId, exchange, outcome, vendorBody, ctx.apiKey, alreadyInState),
      );
    } else {
      record('error_mapping', label, { ok: false, detail: `no request sent: ${(outcome as any).error?.message}` });
    }
  }
  if (calls.length === 0) {
    record('error_mapping', 'façade', notApplicable('operation not covered by the façade'));
  }

  // The raw typed client: the same operation, straight through openapi-fetch.
  {
    const { fetch, exchanges } = recordingFetch(rewriteFor(c, ctx));
    const client = createAgentClient({
      provider: ctx.vendor as any,
      apiKey: ctx.apiKey,
      baseUrl: ctx.baseUrl,
      fetch,
      maxRetries: 0,
    });
    try {
      await (client.raw as any).request(operation.method, operation.path, rawCallInit(operation, args));
    } catch {
      // Network errors show up as a missing response in the wire checks.
    }
    wireChecks('raw', exchanges.at(-1));
  }

  const checks: Partial<Record<CheckName, Verdict>> = {};
  for (const name of CHECK_NAMES) {
    const verdicts = perCheck.get(name);
    if (verdicts) checks[name] = withoutSecret(combine(verdicts), ctx.apiKey);
  }
  const label = c.kind === 'status' ? (c.status ?? 'live') : c.kind;
  return result(checks, ctx.mode === 'live' && c.kind === 'status' ? 'live' : label);
}
