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

/** `retryStaleConnection`: against a mock only (a live API may have acted on a reset request). */
export function recordingFetch(
  rewrite: RequestRewrite = (r) => r,
  baseFetch: typeof fetch = globalThis.fetch,
  { retryStaleConnection = false }: { retryStaleConnection?: boolean } = {},
) {
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
      const response = retryStaleConnection ? await fetchOnce(request, baseFetch) : await baseFetch(request);
      const bodyText = await response.clone().text();
      exchange.response = {
        status: response.status,
        headers: response.headers,
        contentType: response.headers.get('content-type') ?? '',
        bodyText,
      };
      return response;
    } catch (err) {
      // undici says only "fetch failed"; the socket's own error (ECONNRESET, a parser error) is the cause.
      const cause = (err as { cause?: { code?: string; message?: string } }).cause;
      const why = cause?.code ?? cause?.message;
      exchange.networkError = `${(err as Error).message}${why ? ` (${why})` : ''}`;
      throw err;
    }
  };
  return { fetch: wrapped as typeof fetch, exchanges };
}

/**
 * Socket errors that mean the request went out on a kept-alive connection the server had already
 * closed: it never reached the server. The server closes idle sockets after 5 s and the client stops
 * reusing them 1 s before that, so a client whose event loop lags more than a second (a loaded
 * machine) sends on a dead socket now and then: that was the run-to-run `fetch failed` of a large
 * spec. Such a request is sent once more, on a fresh connection, as browsers do.
 */
const STALE_CONNECTION = new Set(['UND_ERR_SOCKET', 'ECONNRESET', 'EPIPE']);

async function fetchOnce(request: Request, baseFetch: typeof fetch): Promise<Response> {
  const spare = request.clone();
  try {
    return await baseFetch(request);
  } catch (err) {
    const code = (err as { cause?: { code?: string } }).cause?.code;
    if (!code || !STALE_CONNECTION.has(code) || request.signal.aborted) throw err;
    return baseFetch(spare);
  }
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
