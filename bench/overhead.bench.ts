// The façade's own cost with the network removed: every variant gets a stub fetch that answers at once,
// so what remains is validation, request building, the transport wrapper and response handling.
import createClient from 'openapi-fetch';
import type { paths } from '../generated/smallest/schema.js';
import { ARCHIVE_BODY } from './lib/archive-server.js';
import { libraryEntry } from './lib/packed.js';
import { interleave, round2 } from './lib/stats.js';
import type { BenchOptions } from './run.js';

const KEY = 'sk_bench_key';
const ID = 'agent_0123456789abcdef01234567';
const BASE = 'https://api.smallest.ai/atoms/v1';

const stub = async (_request: Request): Promise<Response> =>
  new Response(ARCHIVE_BODY, { status: 200, headers: { 'content-type': 'application/json' } });

export async function run({ tiny }: BenchOptions): Promise<Record<string, unknown>> {
  // The façade as users get it: the packed package (src/ in a tiny run).
  const { createAgentClient } = await libraryEntry({ tiny });
  const facade = createAgentClient({ provider: 'smallest', apiKey: KEY, fetch: stub });
  const raw = createClient<paths>({ baseUrl: BASE, headers: { Authorization: `Bearer ${KEY}` }, fetch: stub });
  const variants = {
    facade: () => facade.archive(ID),
    openapiFetch: () => raw.DELETE('/agent/{id}/archive', { params: { path: { id: ID }, query: { on: true } } }),
    // The floor: building the Request and reading the stub's body, nothing else.
    stubOnly: async () => (await stub(new Request(`${BASE}/agent/${ID}/archive?on=true`, { method: 'DELETE' }))).text(),
  };
  const us = await interleave(
    variants,
    tiny ? { rounds: 3, callsPerRound: 20, warmupCalls: 20 } : { rounds: 21, callsPerRound: 2_000, warmupCalls: 5_000 },
  );
  const result = {
    perCallUs: { facade: round2(us.facade!), openapiFetch: round2(us.openapiFetch!), stubOnly: round2(us.stubOnly!) },
    facadeOverheadVsOpenapiFetchUs: round2(us.facade! - us.openapiFetch!),
    facadeOverheadVsStubUs: round2(us.facade! - us.stubOnly!),
    facadeFrom: tiny ? 'src/' : 'the packed package (npm pack)',
    method: '21 interleaved rounds x 2,000 calls after 5,000 warm-up calls each; median of round means',
  };
  console.log(
    `overhead (stub fetch): facade ${result.perCallUs.facade} µs, openapi-fetch ${result.perCallUs.openapiFetch} µs, stub alone ${result.perCallUs.stubOnly} µs`,
  );
  console.log(
    `  facade's own cost: +${result.facadeOverheadVsOpenapiFetchUs} µs over openapi-fetch, +${result.facadeOverheadVsStubUs} µs over the bare stub`,
  );
  return result;
}
