import createClient from 'openapi-fetch';
import { InvalidResponseError, NotFoundError, UnsupportedOperationError } from '../core/errors.js';
import { requestIdFromHeaders } from '../core/json.js';
import type { OperationContext, ProviderDefinition } from '../core/provider.js';
import {
  type Agent,
  type AgentPage,
  type CallOptions,
  HTTP_METHODS,
  type HttpMethod,
  LIFECYCLE_OPERATIONS,
  type LifecycleOperation,
  type LifecycleResult,
  type ListOptions,
  type OperationStates,
} from '../core/types.js';
import type { Redactor } from '../internal/redaction.js';
import { mayHaveReachedServer } from '../internal/retry-policy.js';
import { type Answer, type CallSettings, RequestParts, replay, type Transport } from '../internal/transport.js';
import { createApiError } from './error-from-response.js';
import { assertId, assertListOptions } from './input.js';
import { type ResolvedOptions, resolveCallOptions } from './options.js';
import type { LifecycleClient, PagePromise, ResponsePromise } from './types.js';

const STATES: OperationStates = {
  archive: 'archived',
  unarchive: 'active',
  delete: 'deleted',
  discardDraft: 'discarded',
};

type AnyRequest = (
  method: HttpMethod,
  path: string,
  init: object,
) => Promise<{ data?: unknown; error?: unknown; response: Response }>;

const decoder = new TextDecoder();

type Send = (method: HttpMethod, path: string, init: object | undefined) => Promise<unknown>;

/**
 * The result as a promise, and `.withResponse()` for the result with its Response. Asking for the
 * response marks the plain promise handled, so a failure is reported once, where it is awaited.
 */
function withResponse<T>(settled: Promise<{ data: T; response: Response }>): ResponsePromise<T> {
  const data = settled.then((r) => r.data) as ResponsePromise<T>;
  data.withResponse = () => {
    data.catch(() => {});
    return settled;
  };
  return data;
}

/** `ctx.client`: openapi-fetch's method names over one `send` (methods on the prototype: one object a call). */
class CallClient {
  declare readonly send: Send;
  constructor(send: Send) {
    this.send = send;
  }
  request(method: string, path: string, init?: object) {
    return this.send(method.toLowerCase() as HttpMethod, path, init);
  }
}
for (const method of HTTP_METHODS) {
  Object.defineProperty(CallClient.prototype, method.toUpperCase(), {
    value(this: CallClient, path: string, init?: object) {
      return this.send(method, path, init);
    },
  });
}

/**
 * The façade for one provider definition. Knows no vendor: every call is delegated. The key lives
 * only in the raw client's default headers (and the redactor). One openapi-fetch client serves every
 * call: a call with its own timings or hooks hands the transport its settings through openapi-fetch's
 * per-request `fetch`.
 */
export function createFacade<Paths extends {}>(
  // biome-ignore lint/suspicious/noExplicitAny: any vendor's agent type
  definition: ProviderDefinition<Paths, string, any>,
  resolved: ResolvedOptions,
  redact: Redactor,
  transport: Transport,
): LifecycleClient<Paths> {
  const defaults: CallSettings = {
    timeoutMs: resolved.timeoutMs,
    maxRetries: resolved.maxRetries,
    deadlineMs: resolved.deadlineMs,
  };
  const errorFor = (response: Response, body: unknown, reason?: string) =>
    createApiError({ provider: definition.name, response, body, parseError: definition.parseError, redact, reason });
  const notJson = (response: Response, text: string) => errorFor(response, text, 'the body is not valid JSON');
  const raw = createClient<Paths>({
    baseUrl: resolved.baseUrl,
    // The client's headers, then ours: Authorization is always the key's (resolveOptions drops theirs).
    headers: { ...resolved.headers, Authorization: `Bearer ${resolved.apiKey}` },
    // `raw` callers get a readable Response: openapi-fetch parses it.
    fetch: async (request: Request) => replay(await transport(request, defaults), notJson),
  });
  // A `raw.use()` middleware may read the body: once there is one, the façade's calls hand it a copy too.
  let middleware = false;
  const use = raw.use;
  raw.use = (...added) => {
    middleware = true;
    use(...added);
  };

  const supports = (operation: LifecycleOperation): boolean =>
    (LIFECYCLE_OPERATIONS as readonly string[]).includes(operation) &&
    definition.operations[operation] !== undefined &&
    typeof definition[operation] === 'function';

  /**
   * Refusals (unsupported, bad arguments, bad options) happen here, before any request. `last` is the
   * call's last answer, whatever it was: the result's request id comes from it.
   */
  const contextFor = (operation: LifecycleOperation, callOptions: CallOptions | undefined, check: () => void) => {
    if (!supports(operation)) throw new UnsupportedOperationError(definition.name, operation);
    check();
    const { signal, headers, settings: resolved } = resolveCallOptions(callOptions, defaults);
    // `lost`: an attempt of this call may have reached the server and its answer was lost.
    const call = { last: undefined as Response | undefined, lost: false };
    const idempotency = definition.idempotency?.[operation];
    // Spelled out rather than spread: one object shape for every call. `observe` records lost answers
    // (only a state change's result reads them).
    const settings: CallSettings = {
      timeoutMs: resolved.timeoutMs,
      maxRetries: resolved.maxRetries,
      deadlineMs: resolved.deadlineMs,
      hooks: resolved.hooks,
      shouldRetry: resolved.shouldRetry,
      idempotent: idempotency?.idempotent,
      observe: (response, error) => {
        if (mayHaveReachedServer(response, error)) call.lost = true;
      },
      // No signal of the caller's and no middleware to swap the Request: nothing can abort its signal.
      inert: signal === undefined && !middleware,
    };
    // The HTTP contract, once for every provider: a 2xx resolves, anything else is the typed error.
    const send = async (method: HttpMethod, path: string, init: object | undefined) => {
      // The last attempt's answer, as the transport read it: the façade parses its bytes, with no copy.
      let answer: Answer | undefined;
      const fetch = async (request: Request | RequestParts) => {
        answer = await transport(request, settings);
        // openapi-fetch reads the body itself only for a non-2xx (rare) and for middleware.
        return answer.response.ok && !middleware ? answer.response : replay(answer, notJson);
      };
      // The call's headers win over the provider's and the client's (openapi-fetch merges them over its defaults).
      const merged = headers && { headers: { ...(init as { headers?: object } | undefined)?.headers, ...headers } };
      const { error, response } = await (raw.request as AnyRequest)(method, path, {
        ...init,
        signal,
        fetch,
        ...merged,
        // openapi-fetch hands a 2xx body over unread: it is parsed below, from the bytes already read.
        parseAs: 'stream',
        // No middleware to hand a Request to: openapi-fetch builds parts, and fetch the one Request.
        Request: middleware ? undefined : RequestParts,
      });
      call.last = response;
      if (!response.ok) throw errorFor(response, error);
      // A middleware's own Response, or the copy it was given, is read here (unread by openapi-fetch).
      const bytes = response === answer?.response ? answer.body : await response.arrayBuffer();
      const text = bytes ? decoder.decode(bytes) : '';
      let data: unknown;
      try {
        if (text) data = JSON.parse(text);
      } catch {
        throw notJson(response, text);
      }
      return { data, response };
    };
    const context: OperationContext<Paths> = {
      client: new CallClient(send) as never,
      signal,
      invalidResponse: errorFor,
    };
    return { context, call, idempotency };
  };

  /** Async, so that every refusal rejects instead of throwing synchronously. */
  const run = async (
    operation: keyof OperationStates | 'get',
    callOptions: CallOptions | undefined,
    check: () => void,
    ...args: unknown[]
  ): Promise<{ data: LifecycleResult | Agent; response: Response }> => {
    const { context, call, idempotency } = contextFor(operation, callOptions, check);
    let result: LifecycleResult | Agent;
    try {
      result = await (definition[operation] as (...a: unknown[]) => Promise<LifecycleResult | Agent>).call(
        definition,
        context,
        ...args,
      );
    } catch (error) {
      if (operation === 'get') throw error;
      const base = { provider: definition.name, agentId: args[0] as string, state: STATES[operation] };
      if (error instanceof NotFoundError && call.lost && idempotency?.notFoundMeansDone === true) {
        // Our earlier attempt did it and its answer was lost; a 404 on the first attempt stays an error.
        result = { ...base, alreadyInState: true, uncertain: true };
      } else if (error instanceof InvalidResponseError && error.status >= 200 && error.status < 300) {
        // A 2xx to a state change means it happened; a body we cannot read does not undo it, but says so.
        const { requestId } = error;
        result = { ...base, bodyUnreadable: true, ...(requestId ? { requestId } : {}) };
      } else throw error;
    }
    // A provider always sends at least one request; `last` is the answer its result rests on.
    const response = call.last as Response;
    if (operation === 'get') return { data: result, response };
    // "Already in that state" after a lost answer: this call may have made the change itself.
    if (call.lost && (result as LifecycleResult).alreadyInState === true && !('uncertain' in result))
      result = { ...result, uncertain: true };
    // The request id of the answer the result rests on, unless the provider said otherwise.
    const requestId = response && requestIdFromHeaders(response.headers);
    return { data: requestId && !('requestId' in result) ? { ...result, requestId } : result, response };
  };
  const call = (
    operation: keyof OperationStates | 'get',
    callOptions: CallOptions | undefined,
    check: () => void,
    ...args: unknown[]
    // biome-ignore lint/suspicious/noExplicitAny: each operation resolves to its own result type; ClientFor narrows it
  ): ResponsePromise<any> => withResponse(run(operation, callOptions, check, ...args));
  const agentId = (id: unknown) => () => assertId(id, 'agentId');

  const listPage = async (options: ListOptions | undefined): Promise<{ data: AgentPage; response: Response }> => {
    const { context, call } = contextFor('list', options, () => assertListOptions(options));
    // The provider gets the list's own options; the call's (signal, timings, headers…) went to `context`.
    const { limit, cursor, includeArchived } = options ?? {};
    const data = await definition.list!.call(definition, context, { limit, cursor, includeArchived });
    return { data, response: call.last as Response };
  };

  /** The first page now; `for await` walks the next ones with the same options. */
  const list = (options?: ListOptions): PagePromise => {
    const first = withResponse(listPage(options));
    async function* agents(): AsyncGenerator<Agent> {
      let page = await first;
      for (;;) {
        yield* page.agents;
        if (page.nextCursor === null) return;
        page = (await listPage({ ...options, cursor: page.nextCursor })).data;
      }
    }
    return Object.assign(first, { [Symbol.asyncIterator]: agents });
  };

  return {
    provider: definition.name,
    archive: (id, callOptions) => call('archive', callOptions, agentId(id), id),
    unarchive: (id, callOptions) => call('unarchive', callOptions, agentId(id), id),
    delete: (id, callOptions) => call('delete', callOptions, agentId(id), id),
    discardDraft: (id, draftId, callOptions) =>
      call(
        'discardDraft',
        callOptions,
        () => {
          assertId(id, 'agentId');
          assertId(draftId, 'draftId');
        },
        id,
        draftId,
      ),
    get: (id, callOptions) => call('get', callOptions, agentId(id), id),
    list,
    supports,
    raw,
  };
}
