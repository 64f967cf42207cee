// Per-call time of one archive over loopback HTTP: the façade vs raw openapi-fetch vs plain fetch, in one
// process, interleaved. Target: CALL_RATIO_MAX (bench/goals.ts) × raw openapi-fetch.
import createClient from 'openapi-fetch';
import type { paths } from '../generated/smallest/schema.js';
import { CALL_RATIO_MAX } from './goals.js';
import { startArchiveServer } from './lib/archive-server.js';
import { libraryEntry } from './lib/packed.js';
import { interleaveSamples, median, pairedRatio, round2 } from './lib/stats.js';
import type { BenchOptions } from './run.js';

const KEY = 'sk_bench_key';
const ID = 'agent_0123456789abcdef01234567';

export async function run({ tiny }: BenchOptions): Promise<Record<string, unknown>> {
  // The façade as users get it: the packed package (src/ in a tiny run).
  const { createAgentClient } = await libraryEntry({ tiny });
  const server = await startArchiveServer();
  try {
    const facade = createAgentClient({ provider: 'smallest', apiKey: KEY, baseUrl: server.url });
    const raw = createClient<paths>({ baseUrl: server.url, headers: { Authorization: `Bearer ${KEY}` } });
    const url = `${server.url}/agent/${encodeURIComponent(ID)}/archive?on=true`;

    const variants = {
      facade: () => facade.archive(ID),
      openapiFetch: async () => {
        const { data, error } = await raw.DELETE('/agent/{id}/archive', {
          params: { path: { id: ID }, query: { on: true } },
        });
        if (error !== undefined || data === undefined) throw new Error('unexpected');
      },
      fetch: async () => {
        const res = await fetch(url, { method: 'DELETE', headers: { Authorization: `Bearer ${KEY}` } });
        if (!res.ok) throw new Error('unexpected');
        await res.json();
      },
    };
    const samples = await interleaveSamples(
      variants,
      tiny ? { rounds: 3, callsPerRound: 5, warmupCalls: 5 } : { rounds: 21, callsPerRound: 200, warmupCalls: 300 },
    );
    const us = Object.fromEntries(Object.entries(samples).map(([n, s]) => [n, median(s)]));
    const ratio = pairedRatio(samples, 'facade', 'openapiFetch');
    const result = {
      perCallUs: { facade: round2(us.facade!), openapiFetch: round2(us.openapiFetch!), fetch: round2(us.fetch!) },
      facadeVsOpenapiFetch: round2(ratio),
      facadeVsFetch: round2(pairedRatio(samples, 'facade', 'fetch')),
      openapiFetchVsFetch: round2(pairedRatio(samples, 'openapiFetch', 'fetch')),
      target: `facadeVsOpenapiFetch <= ${CALL_RATIO_MAX}`,
      meetsTarget: ratio <= CALL_RATIO_MAX,
      facadeFrom: tiny ? 'src/' : 'the packed package (npm pack)',
      method:
        '21 interleaved rounds x 200 sequential calls after 300 warm-up calls each; per-call µs: median of round means; ratios: median of same-round ratios',
    };
    console.log(
      `call (loopback, smallest archive): facade ${result.perCallUs.facade} µs, openapi-fetch ${result.perCallUs.openapiFetch} µs, fetch ${result.perCallUs.fetch} µs`,
    );
    console.log(
      `  facade/openapi-fetch ${result.facadeVsOpenapiFetch}x (target <= ${CALL_RATIO_MAX}: ${result.meetsTarget ? 'met' : 'MISSED'}), facade/fetch ${result.facadeVsFetch}x`,
    );
    return result;
  } finally {
    await server.close();
  }
}
