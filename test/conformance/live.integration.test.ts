// Live mode: the suite aimed at a "real" API (a loopback fake) through `prism proxy`. It must flag
// each wrong answer with the right check, and pass an API that answers as documented.
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startPrism } from '../../conformance/harness/prism.js';
import { buildCases } from '../../conformance/suite/cases.js';
import type { CaseResult } from '../../conformance/suite/context.js';
import { runCase } from '../../conformance/suite/execute.js';
import { loadSpec, REPO_ROOT, specPath } from '../../conformance/suite/spec.js';
import type { ProviderDefinition } from '../../src/core/provider.js';
import { providerModules, providers } from '../../src/providers/registry.js';
import { type Defect, startFakeQoder } from '../helpers/fake-vendor.js';

const doc = loadSpec(specPath('qoder'));

async function runLive(defect: Defect): Promise<{ results: CaseResult[]; requests: string[] }> {
  const upstream = await startFakeQoder(defect);
  const proxy = await startPrism({ name: 'qoder', spec: specPath('qoder'), upstream: upstream.url });
  try {
    const ctx = {
      vendor: 'qoder',
      provider: providers.qoder as ProviderDefinition,
      semantics: providerModules.qoder.semantics,
      doc,
      baseUrl: proxy.url,
      mode: 'live' as const,
      apiKey: 'live-test-key',
    };
    // Only non-destructive cases run without --allow-writes, as in the suite.
    const cases = buildCases('qoder', doc, providers.qoder.operations, 'live').filter((c) => !c.destructive);
    const results: CaseResult[] = [];
    for (const c of cases) results.push(await runCase(c, ctx));
    return { results, requests: upstream.requests };
  } finally {
    await proxy.stop();
    await upstream.close();
  }
}

const failedChecks = (results: CaseResult[]) =>
  results.flatMap((r) =>
    Object.entries(r.checks)
      .filter(([, v]) => v.ok === false)
      .map(([name]) => `${r.id}: ${name}`),
  );

describe('live mode through prism proxy', () => {
  test('an API that answers as documented passes every check', async () => {
    const { results, requests } = await runLive('none');
    expect(failedChecks(results)).toEqual([]);
    expect(results.map((r) => r.id)).toContain('qoder getAgent live');
    // Without --allow-writes no authenticated write reached a real route upstream.
    const writes = requests.filter(
      (r) => !r.startsWith('GET') && !r.includes('(no credentials)') && !r.includes('conformance-unknown-route'),
    );
    expect(writes).toEqual([]);
  });

  test.each([
    [
      'wrong_status',
      ['qoder getAgent live: status_code_conformance', 'qoder listAgents live: status_code_conformance'],
    ],
    [
      'missing_field',
      ['qoder getAgent live: response_schema_conformance', 'qoder listAgents live: response_schema_conformance'],
    ],
    [
      'wrong_content_type',
      ['qoder getAgent live: content_type_conformance', 'qoder listAgents live: content_type_conformance'],
    ],
  ] as const)('a %s answer is flagged', async (defect, expected) => {
    const { results } = await runLive(defect);
    const failed = failedChecks(results);
    for (const check of expected) expect(failed).toContain(check);
  });
});

describe('npm run conformance -- --live', () => {
  let upstream: Awaited<ReturnType<typeof startFakeQoder>>;
  beforeAll(async () => {
    upstream = await startFakeQoder('missing_field');
  });
  afterAll(() => upstream.close());

  const run = (args: string[], env: Record<string, string>) =>
    new Promise<{ code: number | null; out: string }>((resolve) => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'conformance/run.ts', ...args], {
        cwd: REPO_ROOT,
        env: { ...process.env, ...env },
      });
      let out = '';
      child.stdout.on('data', (d) => (out += d));
      child.stderr.on('data', (d) => (out += d));
      child.on('close', (code) => resolve({ code, out }));
    });

  test('flags the broken answers in the matrix and exits 1', async () => {
    const { code, out } = await run(['--live', `qoder=${upstream.url}`], { AGENT_LIFECYCLE_QODER_API_KEY: 'live-key' });
    expect(code).toBe(1);
    // Failure lines wrap at the terminal width; read them as one text.
    expect(out.replace(/\s+/g, ' ')).toMatch(/qoder getAgent live response_schema_conformance: .*id/);
    expect(out).toMatch(/\d+ passed, [1-9]\d* failed\n?$/);
  });

  test('refuses to run without the API key, and --allow-writes without --agent-id', async () => {
    const noKey = await run(['--live', `qoder=${upstream.url}`], { AGENT_LIFECYCLE_QODER_API_KEY: '' });
    expect(noKey.code).toBe(2);
    expect(noKey.out).toContain('AGENT_LIFECYCLE_QODER_API_KEY');
    const noAgent = await run(['--live', `qoder=${upstream.url}`, '--allow-writes'], {
      AGENT_LIFECYCLE_QODER_API_KEY: 'k',
    });
    expect(noAgent.code).toBe(2);
    expect(noAgent.out).toContain('--agent-id');
  });
});
