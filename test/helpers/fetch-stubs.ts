import { type AgentClientOptions, createAgentClient, type ProviderName } from '../../src/index.js';

/** Recognisable, so any leak is easy to grep for. */
export const KEY = 'sk_live_SECRET_canary_123';

export interface Recorded {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string;
  signal: AbortSignal;
}

export type Handler = (request: Request, index: number) => Response | Promise<Response>;

/** A fetch that records every request it gets and answers from `handlers` in turn (last one repeats). */
export function recorder(...handlers: Handler[]) {
  const calls: Recorded[] = [];
  const fetch = async (request: Request): Promise<Response> => {
    if (!(request instanceof Request)) throw new Error('transport must pass a Request');
    const index = calls.length;
    const headers: Record<string, string> = {};
    for (const [name, value] of request.headers) headers[name] = value;
    calls.push({
      method: request.method,
      url: request.url,
      headers,
      body: await request.text(),
      signal: request.signal,
    });
    const handler = handlers[Math.min(index, handlers.length - 1)];
    if (!handler) throw new Error('no handler');
    return handler(request, index);
  };
  return { fetch, calls };
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Handler {
  return () =>
    new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
}

export function text(status: number, body: string | null, headers: Record<string, string> = {}): Handler {
  return () => new Response(body, { status, headers });
}

export function client<N extends ProviderName>(
  provider: N,
  fetch: (request: Request) => Promise<Response>,
  extra: Partial<AgentClientOptions<N>> = {},
) {
  return createAgentClient({ provider, apiKey: KEY, fetch, maxRetries: 0, ...extra } as AgentClientOptions<N>);
}

/** Resolves with the rejection, failing the test if the promise resolves. */
export async function rejection(promise: Promise<unknown>): Promise<any> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}
