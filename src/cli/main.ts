// The `agent-lifecycle` command. tsup builds this to dist/cli.js with a `#!/usr/bin/env node` banner;
// in a checkout: `node --import tsx src/cli/main.ts`.
import { createOutput } from './output.js';
import { run } from './program.js';

// `agent-lifecycle list | head` closes the pipe early: that is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

process.exitCode = await run(process.argv.slice(2), createOutput());
