// npm run lint:specs [-- --specs-dir <dir>] [--out-dir <dir>] [--config <redocly.yaml>]
//                     [--baseline <file>] [--update-baseline <vendor>]... [--verbose]
// (--out-dir only names the files in messages: nothing is written.)
// Lints every vendor's built spec with Redocly (redocly.yaml: extends [recommended]). Our specs must
// have zero errors; a vendor's published spec (a vendor in the baseline file) has its findings
// reported as vendor spec defects, new ones listed, and never fails the run.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { lintBuild, lintConfig, summaryLines } from './commands/lint.js';
import { againstBaseline, readBaseline, writeBaseline } from './commands/lint-baseline.js';
import { buildAll } from './pipeline/build.js';
import { defaultOutDir, defaultSpecsDir, display, repoRoot } from './pipeline/paths.js';
import { PipelineError, runMain } from './pipeline/pipeline-error.js';

const usage =
  'usage: npm run lint:specs -- [--specs-dir <dir>] [--out-dir <dir>] [--config <redocly.yaml>] [--baseline <file>] [--update-baseline <vendor>]... [--verbose]';

await runMain('lint:specs', async () => {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        'specs-dir': { type: 'string' },
        'out-dir': { type: 'string' },
        config: { type: 'string' },
        baseline: { type: 'string' },
        'update-baseline': { type: 'string', multiple: true },
        verbose: { type: 'boolean' },
      },
    }));
  } catch (err) {
    throw new PipelineError(undefined, (err as Error).message, usage);
  }
  const specsDir = path.resolve(values['specs-dir'] ?? defaultSpecsDir);
  const baselineFile = path.resolve(values.baseline ?? path.join(specsDir, 'lint-baseline.json'));
  const config = await lintConfig(path.resolve(values.config ?? path.join(repoRoot, 'redocly.yaml')));
  const builds = await buildAll(specsDir, { types: false });
  const baseline = await readBaseline(baselineFile);
  const updates = new Set(values['update-baseline'] ?? []);
  for (const v of updates) {
    if (!builds.some((b) => b.vendor === v)) throw new PipelineError(undefined, `unknown vendor '${v}'`, usage);
  }
  let failed = 0;
  for (const build of builds) {
    const s = await lintBuild(build, path.resolve(values['out-dir'] ?? defaultOutDir), config);
    const count = `${s.errors} error${s.errors === 1 ? '' : 's'}, ${s.warnings} warning${s.warnings === 1 ? '' : 's'}`;
    if (updates.has(build.vendor)) baseline[build.vendor] = s.fingerprints;
    const known = baseline[build.vendor];
    if (known === undefined) {
      console.log(`${s.vendor}: ${count}`);
      for (const l of summaryLines(s, values.verbose === true)) console.log(l);
      if (s.errors) failed++;
      continue;
    }
    const r = againstBaseline(s, known);
    console.log(
      `${s.vendor}: vendor spec defects (published spec, not a failure): ${count}; ${r.known} known, ${r.news.length} new${r.gone ? `, ${r.gone} fixed by the vendor` : ''}`,
    );
    for (const l of s.notes ?? []) console.log(l);
    for (const l of r.news) console.log(`${l}  NEW`);
  }
  if (updates.size > 0) {
    await writeBaseline(baselineFile, baseline);
    console.log(`lint:specs: wrote ${display(baselineFile)} (${[...updates].join(', ')})`);
  }
  if (failed) {
    console.error(
      `lint:specs: ${failed} vendor spec${failed === 1 ? '' : 's'} with errors — fix them in specs/ (overlay.yaml for page-based vendors) and rerun; for a vendor's own published spec, record its findings with --update-baseline <vendor>`,
    );
    return 1;
  }
  return 0;
});
