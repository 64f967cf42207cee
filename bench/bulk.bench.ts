// Bulk archive throughput: 1,000 ids through `archiveMany` against loopback servers.
// 1. A server that answers at once (client-bound) and one with 2 ms of service time (latency-bound),
//    at concurrency 1, 4, 16, 64: ids/s and speed-up over concurrency 1.
// 2. A server that allows a fixed rate (200 requests per 1 s window, 429 + Retry-After beyond it):
//    completion time vs the ideal N / rate, ids lost (must be 0) and the number of 429s.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAgentClient } from '../src/index.js';
import type { BenchOptions } from './run.js';

const KEY = 'sk_bench_key';
// Set by run(): smaller at --tiny.
let IDS = 1_000;
const CONCURRENCY = [1, 4, 16, 64] as const;
let RATE_PER_S = 200;
const LIMITED_CONCURRENCY = 16;
const BODY = JSON.stringify({ status: true, data: { message: 'Agent archived' } });

interface BenchServer {
  url: string;
  archived: Map<string, number>;
  rejected: number;
  close(): Promise<void>;
}

/** Smallest's archive endpoint. `admit` decides per request: true = 200, a number = 429 with that Retry-After. */
async function startServer(
  serviceMs: number,
  admit: () => true | number = () => true,
  rateHeaders: () => Record<string, string> = () => ({}),
): Promise<BenchServer> {
  const state: BenchServer = { url: '', archived: new Map(), rejected: 0, close: async () => undefined };
  const answer = (req: IncomingMessage, res: ServerResponse) => {
    const verdict = admit();
    if (verdict !== true) {
      state.rejected++;
      const body = JSON.stringify({ status: false, errors: ['Too many requests'] });
      res.writeHead(429, {
        ...rateHeaders(),
        'content-type': 'application/json',
        'retry-after': String(verdict),
        'content-length': Buffer.byteLength(body),
      });
      return res.end(body);
    }
    const id = decodeURIComponent(/\/agent\/([^/?]+)/.exec(req.url ?? '')?.[1] ?? '');
    state.archived.set(id, (state.archived.get(id) ?? 0) + 1);
    res.writeHead(200, {
      ...rateHeaders(),
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(BODY),
    });
    res.end(BODY);
  };
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => (serviceMs > 0 ? setTimeout(answer, serviceMs, req, res) : answer(req, res)));
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  state.close = async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return state;
}

/** Fixed 1 s windows from the first request; beyond `limit` in a window, Retry-After = whole seconds to its end. */
function fixedWindow(limit: number): () => true | number {
  let windowStart = 0;
  let used = 0;
  return () => {
    const now = performance.now();
    if (windowStart === 0 || now - windowStart >= 1000) {
      windowStart = windowStart === 0 ? now : windowStart + Math.floor((now - windowStart) / 1000) * 1000;
      used = 0;
    }
    if (used < limit) {
      used++;
      return true;
    }
    return Math.max(1, Math.ceil((windowStart + 1000 - now) / 1000));
  };
}

/**
 * Windows on whole wall-clock seconds, as APIs that send `X-RateLimit-Reset` in Unix seconds keep them:
 * every answer says the limit, what is left in this window and when the next one opens.
 */
function wallClockWindow(limit: number) {
  let window = -1;
  let used = 0;
  let firstAt = 0;
  const roll = () => {
    const now = Date.now();
    if (firstAt === 0) firstAt = now;
    const current = Math.floor(now / 1000);
    if (current !== window) {
      window = current;
      used = 0;
    }
    return now;
  };
  return {
    admit(): true | number {
      const now = roll();
      if (used < limit) {
        used++;
        return true;
      }
      return Math.max(1, Math.ceil(((window + 1) * 1000 - now) / 1000));
    },
    headers: () => ({
      'x-ratelimit-limit': String(limit),
      'x-ratelimit-remaining': String(Math.max(0, limit - used)),
      'x-ratelimit-reset': String(window + 1),
    }),
    /** The earliest a client could have finished `n` ids: when the window admitting the last one opens. */
    idealSeconds(n: number): number {
      const firstWindowEnd = (Math.floor(firstAt / 1000) + 1) * 1000;
      const extraWindows = Math.ceil(n / limit) - 1;
      return extraWindows === 0 ? 0 : (firstWindowEnd + (extraWindows - 1) * 1000 - firstAt) / 1000;
    },
  };
}

const ids = (prefix: string) => Array.from({ length: IDS }, (_, i) => `${prefix}_${i}`);
const round = (n: number, digits = 0) => Number(n.toFixed(digits));

async function archiveAll(server: BenchServer, prefix: string, concurrency: number, rate?: number) {
  const client = createAgentClient({ provider: 'smallest', apiKey: KEY, baseUrl: server.url });
  const input = ids(prefix);
  const started = performance.now();
  const outcomes = await client.archiveMany(input, { concurrency, ...(rate ? { rate } : {}) });
  const seconds = (performance.now() - started) / 1000;
  const failed = outcomes.filter((o) => !o.ok).length;
  // Lost: an id without an outcome, or one the server never archived.
  const lost = input.filter((id, i) => outcomes[i]?.id !== id || !server.archived.has(id)).length;
  return { seconds, idsPerS: IDS / seconds, failed, lost };
}

async function scaling(serviceMs: number) {
  const figures: Record<string, { idsPerS: number; speedup: number; failed: number }> = {};
  let base = 0;
  for (const c of CONCURRENCY) {
    const server = await startServer(serviceMs);
    try {
      await archiveAll(server, 'warm', c); // Warm up the JIT and the keep-alive pool.
      server.archived.clear();
      const r = await archiveAll(server, 'agent', c);
      if (c === 1) base = r.idsPerS;
      figures[`c${c}`] = { idsPerS: round(r.idsPerS), speedup: round(r.idsPerS / base, 2), failed: r.failed + r.lost };
    } finally {
      await server.close();
    }
  }
  return figures;
}

export async function run({ tiny }: BenchOptions): Promise<Record<string, unknown>> {
  if (tiny) [IDS, RATE_PER_S] = [40, 20];
  const instant = await scaling(0);
  console.log(`bulk archive, ${IDS} ids, loopback answering at once (ids/s, speed-up vs c1):`);
  console.log(
    `  ${CONCURRENCY.map((c) => `c${c} ${instant[`c${c}`]!.idsPerS} (${instant[`c${c}`]!.speedup}x)`).join(', ')}`,
  );
  const latency = await scaling(2);
  console.log(`bulk archive, ${IDS} ids, loopback with 2 ms service time:`);
  console.log(
    `  ${CONCURRENCY.map((c) => `c${c} ${latency[`c${c}`]!.idsPerS} (${latency[`c${c}`]!.speedup}x)`).join(', ')}`,
  );

  const limited = await startServer(0, fixedWindow(RATE_PER_S));
  let rateLimited;
  try {
    const r = await archiveAll(limited, 'agent', LIMITED_CONCURRENCY);
    // With 1 s windows starting at the first request, the last of ceil(N / rate) windows opens at
    // (windows - 1) s: no client can finish sooner. N / rate is the steady-rate figure.
    const idealS = Math.ceil(IDS / RATE_PER_S) - 1;
    rateLimited = {
      ratePerS: RATE_PER_S,
      concurrency: LIMITED_CONCURRENCY,
      seconds: round(r.seconds, 2),
      idealSeconds: idealS,
      nOverRateSeconds: IDS / RATE_PER_S,
      vsIdeal: round(r.seconds / idealS, 2),
      achievedIdsPerS: round(r.idsPerS),
      lostIds: r.lost,
      failedIds: r.failed,
      responses429: limited.rejected,
      duplicateArchives: [...limited.archived.values()].filter((n) => n > 1).length,
    };
  } finally {
    await limited.close();
  }
  console.log(
    `bulk archive, ${IDS} ids at c${LIMITED_CONCURRENCY} against ${RATE_PER_S} req/s (fixed 1 s windows, 429 + Retry-After): ` +
      `${rateLimited.seconds} s (ideal ${rateLimited.idealSeconds} s = last window opening, ${rateLimited.vsIdeal}x; N/rate ${rateLimited.nOverRateSeconds} s), ` +
      `${rateLimited.achievedIdsPerS} ids/s, ` +
      `lost ${rateLimited.lostIds}, failed ${rateLimited.failedIds}, 429s ${rateLimited.responses429}`,
  );
  // Pacing: an explicit rate, then the vendor's X-RateLimit-* headers alone, against wall-clock windows.
  const paced: Record<string, unknown> = {};
  for (const [mode, rate, withHeaders] of [
    ['rate', RATE_PER_S, false],
    ['headers', undefined, true],
    ['neither', undefined, false],
  ] as const) {
    const limiter = wallClockWindow(RATE_PER_S);
    const server = await startServer(0, limiter.admit, withHeaders ? limiter.headers : () => ({}));
    try {
      const r = await archiveAll(server, 'agent', LIMITED_CONCURRENCY, rate);
      // With an explicit rate the client spaces requests evenly: N / rate is its own ideal.
      const ideal = mode === 'rate' ? IDS / RATE_PER_S : limiter.idealSeconds(IDS);
      paced[mode] = {
        seconds: round(r.seconds, 2),
        idealSeconds: round(ideal, 2),
        vsIdeal: round(r.seconds / ideal, 3),
        // The last window's opening: what a client bursting each window's quota could reach.
        fixedWindowIdealSeconds: round(limiter.idealSeconds(IDS), 2),
        responses429: server.rejected,
        windows: Math.ceil(IDS / RATE_PER_S),
        lostIds: r.lost,
        failedIds: r.failed,
      };
      const p = paced[mode] as { seconds: number; idealSeconds: number; vsIdeal: number; responses429: number };
      console.log(
        `paced (${mode === 'rate' ? `rate: ${RATE_PER_S}` : mode === 'headers' ? 'X-RateLimit-* headers' : 'no hint, reactive'}), ${IDS} ids vs ${RATE_PER_S} req/s wall-clock windows: ` +
          `${p.seconds} s for an ideal ${p.idealSeconds} s (${p.vsIdeal}x${mode === 'rate' ? `, n / rate; the last window opened at ${round(limiter.idealSeconds(IDS), 2)} s` : ''}), ` +
          `${p.responses429} x 429 over ${Math.ceil(IDS / RATE_PER_S)} windows, lost ${r.lost}`,
      );
    } finally {
      await server.close();
    }
  }
  return {
    ids: IDS,
    instant,
    serviceTime2ms: latency,
    rateLimited,
    paced,
    method: 'one archiveMany per figure after a warm-up batch; fresh keep-alive server per concurrency; wall time',
  };
}
