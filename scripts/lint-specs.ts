// npm run lint:specs [-- --specs-dir <dir>] [--out-dir <dir>] [--config <redocly.yaml>]
// (--out-dir only names the files in messages: nothing is written.)
// Lints every vendor's built spec with Redocly (redocly.yaml: extends [recommended]).
import path from 'node:path';
import { parseArgs } from 'node:util';
import { lintBuild, lintConfig } from './commands/lint.js';
import { buildAll } from './pipeline/build.js';
import { defaultOutDir, defaultSpecsDir, repoRoot } from './pipeline/paths.js';
import { PipelineError, runMain } from './pipeline/pipeline-error.js';

await runMain('lint:specs', async () => {
  let values;
  try {
    ({ values } = parseArgs({
      options: { 'specs-dir': { type: 'string' }, 'out-dir': { type: 'string' }, config: { type: 'string' } },
    }));
  } catch (err) {
    throw new PipelineError(
      undefined,
      (err as Error).message,
      'usage: npm run lint:specs -- [--specs-dir <dir>] [--out-dir <dir>] [--config <redocly.yaml>]',
    );
  }
  const config = await lintConfig(path.resolve(values.config ?? path.join(repoRoot, 'redocly.yaml')));
  const builds = await buildAll(path.resolve(values['specs-dir'] ?? defaultSpecsDir), { types: false });
  let failed = 0;
  for (const build of builds) {
    const s = await lintBuild(build, path.resolve(values['out-dir'] ?? defaultOutDir), config);
    console.log(
      `${s.vendor}: ${s.errors} error${s.errors === 1 ? '' : 's'}, ${s.warnings} warning${s.warnings === 1 ? '' : 's'}`,
    );
    for (const l of s.lines) console.log(l);
    if (s.errors) failed++;
  }
  if (failed) {
    console.error(
      `lint:specs: ${failed} vendor spec${failed === 1 ? '' : 's'} with errors — fix them in specs/ (overlay.yaml for page-based vendors) and rerun`,
    );
    return 1;
  }
  return 0;
});
