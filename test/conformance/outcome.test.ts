// Whose fault a case's end is: the owner of each failing check decides the outcome, and only our
// failures (plus spec defects under --strict-spec) fail a run.
import { describe, expect, test } from 'vitest';
import { combine, fail, mockLimitation, pass, specDefect } from '../../conformance/suite/checks.js';
import { runCase } from '../../conformance/suite/execute.js';
import { caseOutcome, failsRun } from '../../conformance/suite/outcome.js';
import { loadSpec, specPath } from '../../conformance/suite/spec.js';

describe('case outcome', () => {
  test('a failure of ours outweighs a spec defect, which outweighs a mock limitation', () => {
    const defect = specDefect('example breaks its schema', 'generated/x/openapi.yaml#/a');
    const mock = mockLimitation('Prism sampled an empty body');
    expect(caseOutcome([pass])).toBe('passed');
    expect(caseOutcome([pass, mock])).toBe('mock_limitation');
    expect(caseOutcome([mock, defect])).toBe('vendor_spec_defect');
    expect(caseOutcome([defect, fail('façade threw'), mock])).toBe('failed');
    expect(caseOutcome([{ ok: 'n/a' }])).toBe('passed');
  });

  test('only failed fails a run, unless strictSpec', () => {
    expect(
      ['passed', 'failed', 'vendor_spec_defect', 'mock_limitation', 'not_covered', 'skipped'].filter((o) =>
        failsRun(o as never),
      ),
    ).toEqual(['failed']);
    expect(failsRun('vendor_spec_defect', { strictSpec: true })).toBe(true);
    expect(failsRun('mock_limitation', { strictSpec: true })).toBe(false);
  });

  test('combining verdicts keeps the most serious owner and the defect locations', () => {
    const defect = specDefect('bad example', 'generated/x/openapi.yaml#/p');
    expect(combine([{ label: 'raw', verdict: defect }])).toMatchObject({
      ok: false,
      owner: 'vendor_spec',
      location: 'generated/x/openapi.yaml#/p',
    });
    const mixed = combine([
      { label: 'raw', verdict: defect },
      { label: 'archive', verdict: fail('wrong status') },
    ]);
    expect(mixed).toMatchObject({ ok: false, detail: 'raw: bad example | archive: wrong status' });
    expect(mixed).not.toHaveProperty('owner');
  });

  test('an example that breaks its own schema is a vendor spec defect, located by pointer', async () => {
    const doc = structuredClone(loadSpec(specPath('ayra')));
    doc.components.schemas.Agent.properties.id.example = 42;
    const result = await runCase(
      { id: 'ayra examples', vendor: 'ayra', kind: 'examples', facadeMethods: [], destructive: false },
      { vendor: 'ayra', doc, baseUrl: 'http://127.0.0.1:9', mode: 'mock', apiKey: 'k' },
    );
    expect(result.outcome).toBe('vendor_spec_defect');
    expect(result.passed).toBe(false);
    expect(result.checks.examples_valid).toMatchObject({
      ok: false,
      owner: 'vendor_spec',
      location: 'generated/ayra/openapi.yaml#/components/schemas/Agent/properties/id/example',
    });
  });
});
