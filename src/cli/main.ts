#!/usr/bin/env node
// The `agent-lifecycle` command. tsup builds it to dist/cli.js, keeping the hashbang above (esbuild
// preserves an entry's hashbang, so no banner that would also land on the library entries);
// in a checkout: `node --import tsx src/cli/main.ts`.
import { limitHeapGrowth } from './heap.js';
import { createOutput } from './output.js';
import { run } from './program.js';

limitHeapGrowth();

// `agent-lifecycle list | head` closes the pipe early: that is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

// No top-level await: the library's tsup config also emits CJS, which cannot hold one.
void run(process.argv.slice(2), createOutput()).then((code) => {
  process.exitCode = code;
});
