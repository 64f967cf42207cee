// Vocalis, our fixture voice-AI vendor (a 3.3 MB OpenAPI 3.0 spec), lives under test/fixtures/vocalis:
// its spec generator, spec, generated files and provider. Tests and conformance register it; the
// package, the CLI, the registry and the root types never see it.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { generate } from '../../scripts/pipeline/generation.js';
import { providers } from '../../src/index.js';
import { generateSpec } from '../fixtures/vocalis/spec-generator.js';
import { repoRoot } from '../helpers/workspace.js';

const fixture = path.join(repoRoot, 'test', 'fixtures', 'vocalis');
const REGENERATE = `npm run generate -- --specs-dir ${path.join('test', 'fixtures', 'vocalis', 'specs')} --out-dir ${path.join('test', 'fixtures', 'vocalis', 'generated')}`;

describe('the fixture vendor', () => {
  test('its spec is what its generator writes', () => {
    const committed = readFileSync(path.join(fixture, 'specs', 'vocalis', 'openapi.json'), 'utf8');
    expect(committed).toBe(`${JSON.stringify(generateSpec(), null, 2)}\n`);
  });

  test(`its generated files are up to date (else: ${REGENERATE})`, async () => {
    const result = await generate({
      specsDir: path.join(fixture, 'specs'),
      outDir: path.join(fixture, 'generated'),
      check: true,
    });
    expect(result.lines).toEqual([expect.stringMatching(/is up to date \(2 files\)$/)]);
    expect(result.ok).toBe(true);
  }, 60_000);

  test('the package never sees it: not in the registry, the exports, nor src/', () => {
    expect(Object.keys(providers)).not.toContain('vocalis');
    const pkg = readFileSync(path.join(repoRoot, 'package.json'), 'utf8');
    expect(pkg).not.toContain('vocalis');
    const registry = readFileSync(path.join(repoRoot, 'src', 'providers', 'registry.ts'), 'utf8');
    expect(registry).not.toContain('vocalis');
  });

  test('conformance runs it through its provider, registered by the test', async () => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', path.join(repoRoot, 'conformance', 'run.ts'), '--vendor', 'vocalis'],
      {
        cwd: repoRoot,
        env: {
          ...process.env,
          NO_COLOR: '1',
          AGENT_LIFECYCLE_CONFORMANCE_GENERATED_DIR: path.join(fixture, 'generated'),
          AGENT_LIFECYCLE_CONFORMANCE_PROVIDERS: path.join(fixture, 'provider.ts'),
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
    expect(out).not.toContain('no provider yet');
    // The façade's bindings ran: delete, get and list of assistants.
    expect(out).toMatch(/vocalis\s+AssistantController_/);
    expect(out.trim().split('\n').at(-1)).toMatch(/^\d+ passed, 0 failed$/);
    expect(code).toBe(0);
  }, 180_000);
});
