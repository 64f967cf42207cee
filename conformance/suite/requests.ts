// How a case's requests are made: sample arguments from the spec, the façade call for a method, the
// raw client's call, and the URL and method of the negative variants (an unknown route, a wrong
// method). Which variant a case sends is its kind's (kinds.ts).
import { HTTP_METHODS } from '../../src/core/types.js';
import type { CallOutcome, VendorContext } from './context.js';
import { createSampler, type Sampler } from './sampling.js';
import type { SpecOperation, SpecParameter } from './spec.js';

/** Methods a wrong-method case may send, harmless first: never HEAD, OPTIONS or TRACE. */
const WRONG_METHODS = HTTP_METHODS.filter((m) => !['head', 'options', 'trace'].includes(m));

/** A parameter's value: its example, else a sample of its schema, else (no schema) a fixed string. */
function parameterValue(p: SpecParameter, sampler: Sampler): unknown {
  if (p.example !== undefined) return p.example;
  const sampled = sampler.sample(p.schema);
  return sampled === undefined ? `conformance-${p.name}` : sampled;
}

function samplerOf(ctx: VendorContext): Sampler {
  ctx.sampler ??= createSampler(ctx.doc);
  return ctx.sampler;
}

export function sampleArgs(operation: SpecOperation, ctx: VendorContext): { agentId: string; draftId: string } {
  const sampler = samplerOf(ctx);
  const pathParams = operation.parameters.filter((p) => p.in === 'path');
  const sample = (i: number, fallback: string): string => {
    const p = pathParams[i];
    if (!p) return fallback;
    const value = parameterValue(p, sampler);
    return typeof value === 'string' && value.length > 0 ? value : String(value ?? fallback);
  };
  return {
    agentId: ctx.agentId ?? sample(0, 'conformance-agent'),
    draftId: sample(1, 'conformance-draft'),
  };
}

export async function callFacade(
  client: any,
  method: string,
  args: { agentId: string; draftId: string },
): Promise<CallOutcome> {
  try {
    const value =
      method === 'discardDraft'
        ? await client.discardDraft(args.agentId, args.draftId)
        : method === 'list'
          ? await client.list({})
          : await client[method](args.agentId);
    return { ok: true, value };
  } catch (error) {
    return { ok: false, error };
  }
}

/**
 * The raw client's request: the façade's ids for the first two path parameters, every other path,
 * required query and header parameter from its example or schema, and a body (its example, else a
 * sample of its schema) when the operation takes one.
 */
export function rawCallInit(operation: SpecOperation, args: { agentId: string; draftId: string }, ctx: VendorContext) {
  const sampler = samplerOf(ctx);
  const path: Record<string, unknown> = {};
  const query: Record<string, unknown> = {};
  const header: Record<string, string> = {};
  let pathIndex = 0;
  for (const p of operation.parameters) {
    if (p.in === 'path') {
      path[p.name] = pathIndex === 0 ? args.agentId : pathIndex === 1 ? args.draftId : parameterValue(p, sampler);
      pathIndex++;
    } else if (p.in === 'query' && p.required) {
      query[p.name] = parameterValue(p, sampler);
    } else if (p.in === 'header' && p.required && p.name.toLowerCase() !== 'authorization') {
      header[p.name] = String(parameterValue(p, sampler));
    }
  }
  const rb = operation.requestBody;
  // The spec's example first, unless it breaks its own schema (examples_valid reports that as a
  // vendor spec defect): then a sample, so that the vendor's mistake is not sent as ours.
  const fits = (value: unknown) =>
    !(rb?.schemaPointer && ctx.validator && ctx.validator.validate(rb.schemaPointer, value).length > 0);
  const body = rb
    ? rb.example !== undefined && fits(rb.example)
      ? rb.example
      : (sampler.sample(rb.schema, fits) ?? {})
    : undefined;
  return {
    params: { path, query, header },
    ...(body !== undefined ? { body } : {}),
    ...(body !== undefined && rb ? formSerializer(rb.mediaType) : {}),
  };
}

/** Form bodies go as forms (openapi-fetch sends JSON otherwise); a nested value as its JSON text. */
function formSerializer(mediaType: string): {
  bodySerializer?: (body: unknown) => unknown;
  headers?: Record<string, string>;
} {
  const fields = (body: unknown): Array<[string, string]> =>
    Object.entries(body && typeof body === 'object' ? body : {}).flatMap(([name, value]) =>
      (Array.isArray(value) ? value : [value]).map((v): [string, string] => [
        name,
        typeof v === 'string' ? v : JSON.stringify(v),
      ]),
    );
  if (/^multipart\/form-data\b/i.test(mediaType)) {
    return {
      bodySerializer: (body) => {
        const form = new FormData();
        for (const [name, value] of fields(body)) form.append(name, value);
        return form;
      },
    };
  }
  if (/^application\/x-www-form-urlencoded\b/i.test(mediaType)) {
    return {
      bodySerializer: (body) => new URLSearchParams(fields(body)).toString(),
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    };
  }
  return {};
}

/**
 * The request's URL with an extra first segment after the base path, so that no templated path
 * of the spec can match it (checked, since `/{a}/...` templates could).
 */
export function unknownRouteUrl(requestUrl: string, ctx: Pick<VendorContext, 'baseUrl' | 'doc'>): string {
  const url = new URL(requestUrl);
  const basePath = new URL(ctx.baseUrl).pathname.replace(/\/$/, '');
  const rest = url.pathname.slice(basePath.length);
  url.pathname = `${basePath}/conformance-unknown-route${rest}`;
  const templates = Object.keys(ctx.doc.paths ?? {}).map(
    (p) => new RegExp(`^${p.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}$`),
  );
  if (templates.some((t) => t.test(`/conformance-unknown-route${rest}`))) {
    throw new Error(`cannot build an unknown route: /conformance-unknown-route${rest} matches a documented path`);
  }
  return url.toString();
}

/** Two path templates can match one URL when every segment is equal or a `{parameter}` on either side. */
function overlaps(a: string, b: string): boolean {
  const sa = a.split('/');
  const sb = b.split('/');
  const param = (s: string) => /^\{[^}]+\}$/.test(s);
  return sa.length === sb.length && sa.every((s, i) => s === sb[i] || param(s) || param(sb[i]!));
}

/**
 * A method no documented route answers on this operation's URL (`/agent/template` is also
 * `/agent/{id}`), GET first: against a live API the wrong method should be a harmless one. Undefined
 * when every method is taken: the case is then not applicable.
 */
export function wrongMethod(path: string, ctx: Pick<VendorContext, 'doc'>): string | undefined {
  const taken = new Set<string>();
  for (const [other, item] of Object.entries<any>(ctx.doc.paths ?? {})) {
    if (overlaps(path, other)) for (const m of Object.keys(item ?? {})) taken.add(m);
  }
  return WRONG_METHODS.find((m) => !taken.has(m));
}
