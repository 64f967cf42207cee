// A fetch wrapper that records each request and response (body read from a clone, so the
// client still consumes the original), and can rewrite a request for negative cases.
export interface RecordedExchange {
  /** `bodyText`: what was sent, read from a clone (absent without a body). */
  request: { method: string; url: string; headers: Headers; bodyText?: string };
  response?: { status: number; headers: Headers; contentType: string; bodyText: string };
  networkError?: string;
}

/** Placeholder for the key in a recorded request, so that the report's `curl` reads it from the shell. */
export const API_KEY_PLACEHOLDER = '$API_KEY';

export type RequestRewrite = (request: Request) => Request;

export function recordingFetch(rewrite: RequestRewrite = (r) => r, baseFetch: typeof fetch = globalThis.fetch) {
  const exchanges: RecordedExchange[] = [];
  const wrapped = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = rewrite(input instanceof Request && init === undefined ? input : new Request(input, init));
    const sentBody = request.body === null ? undefined : await request.clone().text();
    const exchange: RecordedExchange = {
      request: {
        method: request.method,
        url: request.url,
        headers: new Headers(request.headers),
        ...(sentBody === undefined ? {} : { bodyText: sentBody }),
      },
    };
    exchanges.push(exchange);
    try {
      const response = await baseFetch(request);
      const bodyText = await response.clone().text();
      exchange.response = {
        status: response.status,
        headers: response.headers,
        contentType: response.headers.get('content-type') ?? '',
        bodyText,
      };
      return response;
    } catch (err) {
      exchange.networkError = (err as Error).message;
      throw err;
    }
  };
  return { fetch: wrapped as typeof fetch, exchanges };
}

/** Returns a copy of `request` with changed method, URL or headers (the body is carried over). */
export function cloneRequest(
  request: Request,
  change: { method?: string; url?: string; headers?: (h: Headers) => void },
): Request {
  const headers = new Headers(request.headers);
  change.headers?.(headers);
  const method = change.method ?? request.method;
  const hasBody = request.body !== null && !['GET', 'HEAD'].includes(method.toUpperCase());
  return new Request(change.url ?? request.url, {
    method,
    headers,
    body: hasBody ? request.body : undefined,
    signal: request.signal,
    // Required by Node's fetch when a stream body is forwarded.
    ...(hasBody ? { duplex: 'half' } : {}),
  } as RequestInit);
}
