import { describe, expect, test } from 'vitest';
import { summaryOf } from '../../bench/conformance.bench.js';
import { renderJUnit } from '../../conformance/harness/report/junit.js';
import { type CaseReport, OUT_OF_SCOPE, type RunReport } from '../../conformance/harness/report/model.js';
import { renderTerminal, terminalOptions, wrap } from '../../conformance/harness/report/terminal.js';

const report: RunReport = {
  schemaVersion: 1,
  startedAt: '2026-11-24T00:00:00.000Z',
  wallMs: 1234,
  versions: { agentLifecycle: '0', node: 'v20', prism: '5', vitest: '4' },
  vendors: ['vendor-with-a-long-name'],
  totals: {
    cases: 1,
    passed: 0,
    failed: 1,
    byOutcome: { passed: 0, failed: 1, vendor_spec_defect: 0, mock_limitation: 0, not_covered: 0, skipped: 0 },
    checks: { passed: 1, failed: 1, not_applicable: 0 },
  },
  cases: [
    {
      id: 'x',
      vendor: 'vendor-with-a-long-name',
      operation: 'anOperationIdThatIsMuchTooLongForAnyTerminalColumn',
      label: '409[a_very_long_example_name_that_goes_on_and_on_and_on]',
      kind: 'status',
      outcome: 'failed',
      specLocation: `generated/v/openapi.yaml#/paths/~1${'segment/'.repeat(20)}`,
      checks: [
        { name: 'status_code_conformance', outcome: 'passed' },
        { name: 'response_schema_conformance', outcome: 'failed', reason: 'must have '.repeat(40) },
      ],
      exchanges: [],
    },
  ],
};

describe('terminal report', () => {
  test.each([80, 100, 132])('no line is longer than %i columns, whatever the names', (columns) => {
    for (const line of renderTerminal(report, { columns }).split('\n'))
      expect(line.length).toBeLessThanOrEqual(columns);
  });

  test.each([80, 132])('operation names and case labels are never cut (%i columns)', (columns) => {
    const lines = renderTerminal(report, { columns }).split('\n');
    const start = lines.findIndex((l) => l.startsWith('vendor-with-a-long-name'));
    // The matrix rows of the case: the row, then its continuation lines, up to the blank line.
    const rows = lines.slice(start, lines.indexOf('', start));
    const joined = (pick: (line: string) => string) => rows.map(pick).join('');
    const operationColumn = rows[0]!.indexOf('anOperation');
    const labelColumn = rows[0]!.indexOf('409[');
    expect(joined((l) => l.slice(operationColumn, labelColumn).trim())).toBe(report.cases[0]!.operation);
    expect(lines.join('\n')).not.toContain('…');
    expect(joined((l) => l.slice(labelColumn).split(' ')[0]!)).toBe(report.cases[0]!.label);
  });

  test('colour only when asked: ANSI codes around the cells', () => {
    expect(renderTerminal(report, { color: false })).not.toMatch(/\u001b\[/);
    expect(renderTerminal(report, { color: true })).toMatch(/\u001b\[31mXX/);
  });

  test('NO_COLOR wins, FORCE_COLOR forces, a TTY colours by default; COLUMNS when the stream has none', () => {
    expect(terminalOptions({ isTTY: true, columns: 120 }, {})).toEqual({ columns: 120, color: true });
    expect(terminalOptions({ isTTY: true }, { NO_COLOR: '1', FORCE_COLOR: '1' }).color).toBe(false);
    expect(terminalOptions({ isTTY: false }, { FORCE_COLOR: '1' }).color).toBe(true);
    expect(terminalOptions({ isTTY: false }, {}).color).toBe(false);
    expect(terminalOptions({}, { COLUMNS: '100' }).columns).toBe(100);
    expect(terminalOptions({}, { COLUMNS: '40' }).columns).toBe(80);
  });

  test('wrap splits words longer than the line', () => {
    const lines = wrap(`a ${'x'.repeat(200)} b`, 80);
    expect(lines.every((l) => l.length <= 80)).toBe(true);
    expect(lines.join('').replace(/\s/g, '')).toBe(`a${'x'.repeat(200)}b`);
  });

  test('cases that did not run are counted per vendor, not given a row each', () => {
    const idle = (vendor: string, operation: string, kind: string): CaseReport => ({
      id: `${vendor} ${operation} 200`,
      vendor,
      operation,
      label: '200',
      kind,
      outcome: kind === 'not_covered' ? 'not_covered' : 'skipped',
      checks: [],
      exchanges: [],
    });
    const many = Array.from({ length: 12 }, (_, i) => idle('big', `op${i}`, 'not_covered'));
    const few = [idle('small', 'listThings', 'not_covered'), idle('small', 'getThing', 'not_covered')];
    const scoped = Array.from({ length: 30 }, (_, i) => idle('big', `scoped${i}`, OUT_OF_SCOPE));
    const text = renderTerminal({ ...report, cases: [...report.cases, ...many, ...few, ...scoped] }, { columns: 80 });
    const lines = text.split('\n');
    expect(lines).toContain('  big: 12 operations (listed in the HTML and JSON reports)');
    expect(lines).toContain('  small listThings');
    expect(lines).toContain('  small getThing');
    expect(lines).toContain('Out of scope, not run (--scope all runs them): big 30 cases.');
    expect(text).not.toMatch(/scoped\d|big\s+op\d/);
  });

  test('a defect in our own spec is listed with every place to fix, named as our spec (terminal, JUnit)', () => {
    const at = 'generated/qoder/openapi.yaml#/paths/~1agents/get/responses/200/content/application~1json/example';
    const ourSpec: CaseReport = {
      id: 'qoder listAgents 200',
      vendor: 'qoder',
      operation: 'listAgents',
      label: '200',
      kind: 'status',
      outcome: 'failed',
      checks: [
        {
          name: 'response_schema_conformance',
          outcome: 'failed',
          reason: "raw: defect in our spec: the mock served the spec's own example, which breaks its schema",
          owner: 'ours',
          location: `${at} ${at}`,
        },
      ],
      exchanges: [],
    };
    const text = renderTerminal({ ...report, cases: [ourSpec] }, { columns: 200 });
    expect(text.split('\n').filter((l) => l.includes(at))).toEqual([`    defect in our spec at ${at}`]);
    expect(text).toContain('qoder listAgents 200 response_schema_conformance: raw: defect in our spec:');
    expect(renderJUnit({ ...report, vendors: ['qoder'], cases: [ourSpec] })).toContain(
      `defect in our spec at: ${at} ${at}`,
    );
  });

  test('the conformance bench reads its figures from the JSON report', () => {
    expect(summaryOf(JSON.parse(JSON.stringify(report)))).toEqual({
      cases: { passed: 0, failed: 1, skipped: 0 },
      checks: { passed: 1, failed: 1, notApplicable: 0 },
    });
  });
});
