// Preloaded (NODE_OPTIONS=--require) into every Node process a corpus stage starts, Prism and vitest
// workers included: on exit, appends the process's peak resident set size (KB) to the file named by
// AGENT_LIFECYCLE_CORPUS_RSS_FILE, so that the sweep reports a stage's true peak, children and all.
const fs = require('node:fs');

const file = process.env.AGENT_LIFECYCLE_CORPUS_RSS_FILE;
if (file) {
  process.on('exit', () => {
    try {
      fs.appendFileSync(file, `${process.resourceUsage().maxRSS}\n`);
    } catch {
      // A probe never fails the process it measures.
    }
  });
}
