// What a case's report shows of each call: the exchange cut to an excerpt (the API key masked, or
// written `$API_KEY` where a replayed request needs it), and the answer the spec documents for it.
import { createRedactor } from '../../src/internal/redaction.js';
import { documentedResponse, mediaType } from './checks.js';
import type { ConformanceCase, ExchangeExcerpt, ExpectedAnswer, VendorContext } from './context.js';
import { API_KEY_PLACEHOLDER, type RecordedExchange } from './exchange.js';
import { deref, resolvePointer, type SpecOperation } from './spec.js';

const EXCERPT_CHARS = 2000;
const SCHEMA_CHARS = 2000;

const cut = (text: string, max: number) => (text.length > max ? `${text.slice(0, max)}…` : text);

export function excerpt(call: string, exchange: RecordedExchange, apiKey: string): ExchangeExcerpt {
  const mask = createRedactor(apiKey);
  const placeholder = createRedactor(apiKey, API_KEY_PLACEHOLDER);
  const headers = Object.fromEntries([...exchange.request.headers].map(([k, v]) => [k, placeholder(v)]));
  const sent = exchange.request.bodyText;
  return {
    call,
    request: {
      method: exchange.request.method,
      url: placeholder(exchange.request.url),
      headers,
      ...(sent === undefined ? {} : { body: cut(placeholder(sent), EXCERPT_CHARS) }),
    },
    ...(exchange.response
      ? {
          response: {
            status: exchange.response.status,
            contentType: exchange.response.contentType,
            body: cut(mask(exchange.response.bodyText), EXCERPT_CHARS),
          },
        }
      : {}),
    ...(exchange.networkError ? { networkError: mask(exchange.networkError) } : {}),
  };
}

/** `generated/<vendor>/openapi.yaml#/paths/~1agents/get/responses/200`: a JSON pointer into the built spec. */
export function specLocationOf(c: ConformanceCase): string {
  const file = `generated/${c.vendor}/openapi.yaml`;
  if (!c.operation) return file;
  const pointer = c.status ? `${c.operation.pointer}/responses/${c.status}` : c.operation.pointer;
  return `${file}#${pointer}`;
}

/** The answer the spec documents for what came back (for the report's expected-vs-actual view). */
export function expectedAnswer(
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
      schema = cut(JSON.stringify(deref(ctx.doc, resolvePointer(ctx.doc, schemaPointer)).value), SCHEMA_CHARS);
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
