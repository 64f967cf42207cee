// The one loopback server of the test suite: a real node:http server on 127.0.0.1:0 whose per-request
// behaviour each test scripts, and which records every request it sees (raw URL, headers, body, arrival
// time) and how many were in flight at once, so tests assert what actually went over the wire.
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SeenRequest {
  method: string;
  /** Exactly as received on the request line: not normalized, not decoded. */
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** performance.now() when the request arrived. */
  at: number;
}

/** Answers one request. May leave it hanging, trickle, or destroy the socket. */
export type Behaviour = (req: IncomingMessage, res: ServerResponse, seen: SeenRequest) => unknown;

export interface LoopbackServer {
  readonly url: string;
  readonly requests: SeenRequest[];
  /** The most requests that were ever in flight (arrived, not yet answered) at once. */
  readonly maxInFlight: number;
  /** Behaviours in order; the last one repeats for every further request. */
  script(...behaviours: Behaviour[]): void;
  /** Resolves once `count` requests have arrived; rejects after `timeoutMs` so nothing hangs. */
  waitForRequests(count: number, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

/** Starts a server; `behaviours` as in `script()` (default: 500 "unscripted"). */
export async function startServer(...initial: Behaviour[]): Promise<LoopbackServer> {
  const requests: SeenRequest[] = [];
  let behaviours: Behaviour[] = initial.length ? initial : [(_req, res) => void res.writeHead(500).end('unscripted')];
  const waiters = new Set<() => void>();
  let inFlight = 0;
  let maxInFlight = 0;

  // A large header limit so that 10,000-character ids reach the test instead of a 431.
  const server = createServer({ maxHeaderSize: 1 << 20 }, (req, res) => {
    const at = performance.now();
    maxInFlight = Math.max(maxInFlight, ++inFlight);
    res.once('close', () => inFlight--);
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const seen: SeenRequest = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        at,
      };
      const index = requests.push(seen) - 1;
      for (const wake of waiters) wake();
      const behaviour = behaviours[Math.min(index, behaviours.length - 1)]!;
      Promise.resolve(behaviour(req, res, seen)).catch((error: unknown) => {
        if (res.headersSent) return void res.destroy();
        res.writeHead(500).end(String(error));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    get maxInFlight() {
      return maxInFlight;
    },
    script(...next) {
      behaviours = next;
    },
    waitForRequests(count, timeoutMs = 5_000) {
      return new Promise<void>((resolve, reject) => {
        const check = () => {
          if (requests.length < count) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`saw ${requests.length} of ${count} requests within ${timeoutMs} ms`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    async close() {
      // Hanging and trickling behaviours keep sockets open; close them so the server can stop.
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

// ---- Behaviours ----

export function reply(status: number, body: string | Buffer = '', headers: Record<string, string> = {}): Behaviour {
  return (_req, res) => {
    res.writeHead(status, headers);
    res.end(body);
  };
}

export function replyJson(status: number, body: unknown, headers: Record<string, string> = {}): Behaviour {
  return reply(status, JSON.stringify(body), { 'content-type': 'application/json', ...headers });
}

/** Never answers: the socket stays open until the client gives up (or the server closes). */
export const hang: Behaviour = () => undefined;

/** Destroys the socket before any byte of response. */
export const resetBeforeHeaders: Behaviour = (req) => void req.socket.destroy();

/** Sends headers and part of the body (with a Content-Length promising more), then destroys the socket. */
export function resetMidBody(status: number, partial: string): Behaviour {
  return (_req, res) => {
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': String(partial.length * 4) });
    res.write(partial, () => res.destroy());
  };
}

/** Headers at once, then `chunks` pieces of `body` spaced `everyMs` apart. Stops if the client goes away. */
export function trickle(
  status: number,
  body: string,
  chunks: number,
  everyMs: number,
  headers: Record<string, string> = {},
): Behaviour {
  return (_req, res) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    const size = Math.ceil(body.length / chunks);
    let offset = 0;
    const timer = setInterval(() => {
      if (res.destroyed) return void clearInterval(timer);
      res.write(body.slice(offset, offset + size));
      offset += size;
      if (offset >= body.length) {
        clearInterval(timer);
        res.end();
      }
    }, everyMs);
    res.on('close', () => clearInterval(timer));
  };
}

/** Runs `fn` with its own server, always closed: for tests that run concurrently. */
export async function withServer<T>(fn: (server: LoopbackServer) => Promise<T>): Promise<T> {
  const server = await startServer();
  try {
    return await fn(server);
  } finally {
    await server.close();
  }
}

/** Runs `behaviour` after `ms`, unless the client has gone away by then. */
export function delayed(ms: number, behaviour: Behaviour): Behaviour {
  return (req, res, seen) => {
    const timer = setTimeout(() => void behaviour(req, res, seen), ms);
    res.on('close', () => clearTimeout(timer));
  };
}

/** Resolves after `ms` of wall time; only for simulating a slow server, never to synchronise a test. */
export const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
