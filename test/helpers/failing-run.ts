// A real conformance run with one deliberate failure, for the report tests (DOM and browser): Qoder's
// Agent schema gains a required property that none of the spec's examples has, so Prism's answers
// (the examples) break the schema. Qoder's spec is ours (`info.x-authored-by`), so each broken
// example is a defect in our spec: the run fails on our side of the line, every failure located at
// the example Prism served. (Without the marker they would be vendor spec defects, not failing.)
// Ayra runs intact, so the reports hold two vendors.
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import yaml from 'js-yaml';
import { runTsx } from './subprocess.js';

export const BROKEN_PROPERTY = 'deliberately_missing_owner';

export interface FailingRun {
  code: number | null;
  stdout: string;
  stderr: string;
  dir: string;
  html: string;
  json: string;
  junit: string;
}

/** The fixture vendor lives under test/: its generated files and the provider conformance registers. */
const FIXTURES: Record<string, { generated: string; provider: string }> = {
  vocalis: {
    generated: path.join('test', 'fixtures', 'vocalis', 'generated', 'vocalis'),
    provider: path.resolve('test', 'fixtures', 'vocalis', 'provider.ts'),
  },
};

/** `vendors`: besides qoder and ayra, e.g. vocalis, whose uncovered operations give cases not run. */
export async function failingRun(env: Record<string, string> = {}, vendors: string[] = []): Promise<FailingRun> {
  const dir = mkdtempSync(path.join(tmpdir(), 'al-reports-'));
  const generated = path.join(dir, 'generated');
  for (const vendor of ['qoder', 'ayra', ...vendors])
    cpSync(FIXTURES[vendor]?.generated ?? path.join('generated', vendor), path.join(generated, vendor), {
      recursive: true,
    });
  const providers = vendors.flatMap((v) => (FIXTURES[v] ? [FIXTURES[v].provider] : []));
  const file = path.join(generated, 'qoder', 'openapi.yaml');
  const doc = yaml.load(readFileSync(file, 'utf8')) as any;
  if (doc.info['x-authored-by'] !== 'agent-lifecycle') throw new Error(`${file}: expected our spec (x-authored-by)`);
  doc.components.schemas.Agent.required.push(BROKEN_PROPERTY);
  doc.components.schemas.Agent.properties[BROKEN_PROPERTY] = { type: 'string' };
  writeFileSync(file, yaml.dump(doc));
  const out = path.join(dir, 'reports');
  const run = await runTsx(
    ['conformance/run.ts', '--reporter', 'junit,html,json', '--out-dir', out],
    {
      AGENT_LIFECYCLE_CONFORMANCE_GENERATED_DIR: generated,
      ...(providers.length > 0 ? { AGENT_LIFECYCLE_CONFORMANCE_PROVIDERS: providers.join(',') } : {}),
      COLUMNS: '80',
      NO_COLOR: '1',
      ...env,
    },
    120_000,
  );
  return {
    ...run,
    dir,
    html: path.join(out, 'conformance.html'),
    json: path.join(out, 'conformance.json'),
    junit: path.join(out, 'conformance.xml'),
  };
}
