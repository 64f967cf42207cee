// One corpus stage: builds a vendor's mock document and starts Prism on it, as a conformance run
// does, then stops it. Prints `{"ms": <until ready>}`; exits 1 with the reason when it cannot start.
import { startTargetServers } from '../../conformance/harness/servers.js';

const vendor = process.argv[2];
if (!vendor) {
  console.error(
    'usage: tsx scripts/corpus/mock-ready.ts <vendor> (generated dir in AGENT_LIFECYCLE_CONFORMANCE_GENERATED_DIR)',
  );
  process.exit(2);
}
const started = performance.now();
const result = await startTargetServers([{ vendor, mode: 'mock' }]);
const ms = Math.round(performance.now() - started);
await Promise.all(result.servers.map((s) => s.stop()));
if (result.failed.length > 0) {
  console.error(result.failed.map((f) => f.reason).join('\n'));
  process.exit(1);
}
console.log(JSON.stringify({ ms }));
