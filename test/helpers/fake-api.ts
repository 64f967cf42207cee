import type { IncomingMessage, ServerResponse } from 'node:http';
import { delay, startServer } from './loopback-server.js';
import { agentIdOf, qoderAgent, qoderError, sendJson } from './qoder-replies.js';

export interface FakeApiOptions {
  delayMs?: number;
  onRequest?: (id: string) => void;
  /**
   * Answer the first request for this id with 429 and `Retry-After: 1`, and hold every other answer
   * until the client has taken that 429 in (see `rateLimit`).
   */
  rateLimitOnce?: string;
  /** Hold the first N answers until N requests are in flight (bounded by 5 s), to show a pool fills up. */
  holdFirst?: number;
}

/** What happened around the one 429 of `rateLimitOnce`. */
export interface RateLimitRecord {
  /** performance.now() when the limited request arrived (same clock as `seen[].at`). */
  limitedAt: number | undefined;
  /** Requests that had arrived when the held answers were released (the 429'd one included). */
  arrivedBeforeRelease: number | undefined;
  /** Resolves when the client has closed the 429's connection, i.e. it has read and handled the 429. */
  delivered: Promise<void>;
}

const RATE_LIMIT_BODY = JSON.stringify({ type: 'error', error: { type: 'rate_limit_error', message: 'slow down' } });

/**
 * One loopback server speaking enough of each vendor for the CLI: Qoder archive/get/list, Ayra
 * delete/archive, Smallest archive/discard-draft. Ids starting with `gone` are 404; `conflict` 409;
 * `echo` answers 400 with the caller's Authorization header in the message (a server that leaks the
 * key back); `hang` is never answered.
 */
export async function startFakeApi(options: FakeApiOptions = {}) {
  let markDelivered!: () => void;
  const rateLimit: RateLimitRecord = {
    limitedAt: undefined,
    arrivedBeforeRelease: undefined,
    delivered: new Promise<void>((resolve) => (markDelivered = resolve)),
  };
  if (options.rateLimitOnce === undefined) markDelivered();
  let arrived = 0;
  let releaseFirstWave!: () => void;
  const firstWaveFull = new Promise<void>((resolve) => (releaseFirstWave = resolve));

  const server = await startServer(async (req: IncomingMessage, res: ServerResponse, seen) => {
    const url = req.url ?? '';
    const id = agentIdOf(url) || decodeURIComponent(/\/agent\/([^/?]+)/.exec(url)?.[1] ?? '');
    options.onRequest?.(id);
    if (id === options.rateLimitOnce && rateLimit.limitedAt === undefined) {
      rateLimit.limitedAt = seen.at;
      return sendRateLimitAndWatch(req, () => {
        rateLimit.arrivedBeforeRelease = server.requests.length;
        markDelivered();
      });
    }
    // Event-driven hold (no timer): see sendRateLimitAndWatch.
    await rateLimit.delivered;
    if (options.holdFirst !== undefined && ++arrived <= options.holdFirst) {
      if (arrived === options.holdFirst) releaseFirstWave();
      await Promise.race([firstWaveFull, delay(5000)]);
    }
    if (options.delayMs) await delay(options.delayMs);
    // Never answered: the client has to give up (abort) on its own.
    if (id.startsWith('hang')) return;
    if (id.startsWith('gone')) return qoderError(res, 404, 'not_found_error', `No agent with id ${id}`);
    if (id.startsWith('conflict')) return qoderError(res, 409, 'conflict_error', `Agent ${id} is being modified`);
    if (id.startsWith('echo'))
      return qoderError(res, 400, 'invalid_request_error', `bad credentials: ${req.headers.authorization}`);
    if (req.method === 'GET' && /^\/agents(\?|$)/.test(url)) {
      // Five agents, two per page, by after_id cursor (agent_<n>). With include_archived, the third
      // page fails: a listing that breaks mid-way.
      const from = Number(/after_id=agent_(\d+)/.exec(url)?.[1] ?? 0);
      if (from >= 4 && url.includes('include_archived=true')) return qoderError(res, 500, 'api_error', 'page failed');
      const ids = [from + 1, from + 2].filter((n) => n <= 5).map((n) => `agent_${n}`);
      return sendJson(res, 200, {
        data: ids.map(qoderAgent),
        first_id: ids[0] ?? null,
        last_id: ids.at(-1) ?? null,
        has_more: from + 2 < 5,
      });
    }
    if (req.method === 'DELETE' && url.startsWith('/agents/')) {
      res.statusCode = 204;
      return res.end();
    }
    if (req.method === 'DELETE' && url.startsWith('/agent/')) {
      const draft = url.includes('/drafts/');
      return sendJson(res, 200, { status: true, data: draft ? null : { message: 'Agent archived' } });
    }
    return sendJson(res, 200, qoderAgent(id));
  });
  return Object.assign(server, { rateLimit });
}

/**
 * Writes the 429 straight onto the socket with `Connection: close` and leaves the socket open, so the
 * only way it closes is the client closing it. The client (undici) does that when it completes the
 * message, in the same I/O turn that hands the response to fetch; the batch's gate closes in the
 * microtasks that follow, before any later I/O. So once we see the close, every answer we write next
 * reaches a client whose gate is already shut: a free worker cannot slip a request into the pause.
 * (http's own `Connection: close` handling would close from our side and prove nothing.)
 */
function sendRateLimitAndWatch(req: IncomingMessage, onClientClosed: () => void): void {
  const socket = req.socket;
  let fired = false;
  const fire = () => {
    if (!fired) {
      fired = true;
      onClientClosed();
    }
  };
  socket.once('end', fire);
  socket.once('close', fire);
  socket.write(
    'HTTP/1.1 429 Too Many Requests\r\n' +
      'Content-Type: application/json\r\n' +
      'Retry-After: 1\r\n' +
      'Connection: close\r\n' +
      `Content-Length: ${Buffer.byteLength(RATE_LIMIT_BODY)}\r\n` +
      '\r\n' +
      RATE_LIMIT_BODY,
  );
}
