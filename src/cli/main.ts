#!/usr/bin/env node
// The `agent-lifecycle` command. tsup builds it to dist/cli.js, keeping the hashbang above (esbuild
// preserves an entry's hashbang, so no banner that would also land on the library entries);
// in a checkout: `node --import tsx src/cli/main.ts`.
import { limitHeapGrowth } from './heap.js';
import { createOutput } from './output.js';
import { run } from './program.js';

limitHeapGrowth();

// A closed stdout (`| head -1`) is handled by the output: lines are dropped and a batch stops as on
// SIGTERM, then exits 141.
// No top-level await: the library's tsup config also emits CJS, which cannot hold one.
void run(process.argv.slice(2), createOutput()).then((code) => {
  process.exitCode = code;
});
