import fs from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { type LintSummary, lintBuild, lintConfig, summaryLines } from '../../scripts/lint-specs.js';
import { buildAll } from '../../scripts/pipeline/build.js';
import { syntheticSpecYaml } from '../fixtures/synthetic-spec.js';
import { repoRoot, specVendor, workspace } from '../helpers/workspace.js';

describe('lint of built specs', () => {
  it('uses the recommended ruleset: a clean spec passes, a spec without security fails', async () => {
    const ws = await workspace();
    await fs.mkdir(path.join(ws.specs, 'big'));
    await fs.writeFile(path.join(ws.specs, 'big', 'openapi.yaml'), syntheticSpecYaml({ operations: 5 }));
    await specVendor(ws, 'pets', 'petstore.yaml');
    const config = await lintConfig(path.join(repoRoot, 'redocly.yaml'));
    const [big, pets] = await buildAll(ws.specs, { types: false });
    expect(big!.types).toBe('');
    expect(await lintBuild(big!, ws.out, config)).toEqual({
      vendor: 'big',
      errors: 0,
      warnings: 0,
      lines: [],
      fingerprints: [],
      problems: [],
      notes: [],
    });
    const r = await lintBuild(pets!, ws.out, config);
    expect(r).toMatchObject({ vendor: 'pets', errors: 2, warnings: 2 });
    // Locations point into the file generate writes (line 1 is the header comment).
    expect(r.lines).toContain(
      `  ${ws.out}/pets/openapi.yaml:10:5: error security-defined: Every operation should have security defined on it or on the root level.`,
    );
    expect(r.lines).toContain(
      `  ${ws.out}/pets/openapi.yaml:3:1: warning info-license: Info object should contain \`license\` field.`,
    );
  });

  it('a 3.0 spec with `type: "null"` (3.1 only) is reported at its line, not accepted silently', async () => {
    const ws = await workspace();
    await fs.mkdir(path.join(ws.specs, 'nulls'));
    const spec = [
      'openapi: 3.0.0',
      'info: { title: t, version: "1", license: { name: MIT } }',
      'servers: [{ url: "https://x.test" }]',
      'security: []',
      'paths:',
      '  /a:',
      '    get:',
      '      operationId: a',
      '      summary: a',
      '      description: a',
      '      responses:',
      '        "200":',
      '          description: ok',
      '          content:',
      '            application/json:',
      '              schema:',
      '                type: object',
      '                properties:',
      '                  data:',
      '                    type: "null"',
    ].join('\n');
    await fs.writeFile(path.join(ws.specs, 'nulls', 'openapi.yaml'), `${spec}\n`);
    const [nulls] = await buildAll(ws.specs, { types: false });
    const r = await lintBuild(nulls!, ws.out, await lintConfig(path.join(repoRoot, 'redocly.yaml')));
    expect(r.errors).toBeGreaterThanOrEqual(1);
    expect(r.lines.some((l) => /openapi\.yaml:\d+:\d+: error struct: .*type/.test(l))).toBe(true);
    expect(r.fingerprints.some((f) => f.startsWith('struct ') && f.includes('/data'))).toBe(true);
  });

  it('falls back to the recommended ruleset without a redocly.yaml', async () => {
    const config = await lintConfig('/nonexistent/redocly.yaml');
    expect(config.styleguide.rules.oas3_0?.['security-defined']).toBe('error');
  });
});

describe('summaryLines', () => {
  const summary = (warnings: number): LintSummary => {
    const problems: LintSummary['problems'] = [{ severity: 'error', ruleId: 'struct' }];
    for (let i = 0; i < warnings; i++)
      problems.push({ severity: 'warning', ruleId: i % 3 ? 'operation-4xx-response' : 'no-unused-components' });
    const lines = problems.map((p, i) => `  spec.yaml:${i + 1}:1: ${p.severity} ${p.ruleId}: …`);
    return { vendor: 'v', errors: 1, warnings, lines, fingerprints: lines, problems };
  };

  it('lists every finding up to 10 warnings, or with --verbose', () => {
    expect(summaryLines(summary(10), false)).toHaveLength(11);
    expect(summaryLines(summary(30), true)).toHaveLength(31);
  });

  it('past 10 warnings, keeps each error and counts warnings per rule, most frequent first', () => {
    expect(summaryLines(summary(12), false)).toEqual([
      '  spec.yaml:1:1: error struct: …',
      '  warnings by rule: operation-4xx-response 8, no-unused-components 4 (--verbose lists each)',
    ]);
  });
});
