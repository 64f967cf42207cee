// The conformance reports of a real run with one deliberate failure: JSON valid against its published
// schema, JUnit per vendor and per check, an HTML page (read with a DOM parser) with the failure first,
// and a terminal matrix that fits 80 columns.
import { readFileSync, rmSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { parseHTML } from 'linkedom';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import schema from '../../conformance/harness/report/report.schema.json' with { type: 'json' };
import { BROKEN_PROPERTY, type FailingRun, failingRun } from '../helpers/failing-run.js';

let run: FailingRun;
beforeAll(async () => {
  run = await failingRun();
}, 150_000);
afterAll(() => rmSync(run.dir, { recursive: true, force: true }));

describe('a run with a deliberate failure', () => {
  test('fails, and says so last', () => {
    expect(run.code).toBe(1);
    expect(run.stdout.trimEnd().split('\n').at(-1)).toMatch(/^\d+ passed, [1-9]\d* failed$/);
  });

  test('the terminal output fits 80 columns and names the failing check with its reason', () => {
    const long = run.stdout.split('\n').filter((line) => line.length > 80);
    expect(long).toEqual([]);
    expect(run.stdout).toMatch(/qoder getAgent 200 response_schema_conformance: .*deliberately/s);
    expect(run.stdout).not.toMatch(/\u001b\[/); // NO_COLOR
  });

  test('the JSON report validates against its schema and has one entry per case and per check', () => {
    const report = JSON.parse(readFileSync(run.json, 'utf8'));
    const ajv = new Ajv2020({ allErrors: true, strict: true });
    ((addFormats as any).default ?? addFormats)(ajv);
    const validate = ajv.compile(schema);
    expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
    expect(report.vendors.sort()).toEqual(['ayra', 'qoder']);
    const failed = report.cases.filter((c: any) => c.outcome === 'failed');
    expect(failed.length).toBe(report.totals.failed);
    const check = failed
      .flatMap((c: any) => c.checks)
      .find((k: any) => k.name === 'response_schema_conformance' && k.outcome === 'failed');
    expect(check.reason).toContain(BROKEN_PROPERTY);
    // Qoder's spec is ours: the broken example is our spec's defect, located where Prism served it from.
    expect(check.reason).toContain('defect in our spec');
    expect(check.owner).toBe('ours');
    expect(check.location).toMatch(/^generated\/qoder\/openapi\.yaml#\/paths\/\S+\/examples?(\/|\s|$)/);
    expect(report.totals.byOutcome.vendor_spec_defect).toBe(0);
    expect(failed[0].specLocation).toMatch(/^generated\/qoder\/openapi\.yaml#\/paths\//);
    expect(failed[0].exchanges[0].request.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
  });

  test('the JSON report records, per case that ran, its duration and each request as sent (key as $API_KEY)', () => {
    const report = JSON.parse(readFileSync(run.json, 'utf8'));
    const ran = report.cases.filter((c: any) => c.exchanges.length > 0);
    expect(ran.length).toBeGreaterThan(10);
    for (const c of ran) {
      expect(c.durationMs).toBeGreaterThanOrEqual(0);
      for (const e of c.exchanges) expect(e.request.headers).toBeTypeOf('object');
    }
    const archive = ran.find((c: any) => c.id === 'qoder archiveAgent 200').exchanges[0];
    expect(archive.request.headers.authorization).toBe('Bearer $API_KEY');
    expect(archive.request.headers.prefer).toMatch(/code=200/);
    expect(archive.expected).toMatchObject({ status: '200', contentTypes: ['application/json'] });
    expect(archive.expected.schema).toContain(BROKEN_PROPERTY);
  });

  test('the JUnit report has one testsuite per vendor, one testcase per (case, check), one-line messages', () => {
    const xml = readFileSync(run.junit, 'utf8');
    const { document } = parseHTML(xml.replace(/^<\?xml[^>]*>/, ''));
    const suites = [...document.querySelectorAll('testsuite')];
    expect(suites.map((s) => s.getAttribute('name')).sort()).toEqual(['ayra', 'qoder']);
    const cases = [...document.querySelectorAll('testcase')];
    const report = JSON.parse(readFileSync(run.json, 'utf8'));
    const expected = report.cases.reduce((n: number, c: any) => n + Math.max(1, c.checks.length), 0);
    expect(cases).toHaveLength(expected);
    for (const c of cases) {
      expect(c.getAttribute('classname')).toMatch(/^(ayra|qoder)\.\S+$/);
      // No doubled names: the vendor is the suite, the operation the classname.
      expect(c.getAttribute('name')).not.toMatch(/^(ayra|qoder) /);
    }
    const failures = [...document.querySelectorAll('failure')];
    expect(failures.length).toBeGreaterThan(0);
    for (const f of failures) expect(f.getAttribute('message')).not.toMatch(/\n/);
    expect(failures.some((f) => f.getAttribute('message')!.includes(BROKEN_PROPERTY))).toBe(true);
  });

  test('the HTML report is self-contained, shows the failure first with its reason, and a full matrix', () => {
    const html = readFileSync(run.html, 'utf8');
    expect(html).not.toMatch(/<(script|link|img)[^>]+(src|href)=/i);
    expect(html).not.toMatch(/https?:\/\/(?!127\.0\.0\.1)/);
    const { document } = parseHTML(html);
    expect(document.querySelector('#summary')!.textContent).toMatch(/\d+ passed, [1-9]\d* failed/);
    const first = document.querySelector('.card')!;
    expect(first.textContent).toContain('qoder');
    expect(first.querySelector('.reason')!.textContent).toContain(BROKEN_PROPERTY);
    expect(first.textContent).toContain('generated/qoder/openapi.yaml#');
    const report = JSON.parse(readFileSync(run.json, 'utf8'));
    const rows = document.querySelectorAll('#matrix tr[data-id]');
    expect(rows.length).toBe(report.cases.length);
    expect(rows[0]!.getAttribute('data-outcome')).toBe('failed');
    expect(document.querySelectorAll('#matrix td.check.failed').length).toBe(report.totals.checks.failed);
    expect([...document.querySelectorAll('#vendor option')].map((o) => o.textContent)).toEqual([
      'all',
      'ayra',
      'qoder',
    ]);
  });

  test('each failure that made a call has a curl (key as $API_KEY, never the mock key) and its missing property shown', () => {
    const html = readFileSync(run.html, 'utf8');
    const { document } = parseHTML(html);
    const all = [...document.querySelectorAll('.card-failed')];
    expect(all.length).toBe(JSON.parse(readFileSync(run.json, 'utf8')).totals.failed);
    // The spec's own examples case sends nothing: no curl, but the broken examples it names, located.
    const examples = all.filter((card) => card.id === 'case-qoder examples');
    expect(examples).toHaveLength(1);
    expect(examples[0]!.querySelector('.curl')).toBeNull();
    expect(examples[0]!.textContent).toMatch(/defect in our spec at generated\/qoder\/openapi\.yaml#/);
    const cards = all.filter((card) => !examples.includes(card));
    expect(cards.length).toBeGreaterThan(0);
    for (const card of cards) {
      const curl = card.querySelector('.curl pre')!.textContent!;
      expect(curl).toMatch(/^curl -sS -i -X (GET|POST) 'http:\/\/127\.0\.0\.1:\d+\/agents/);
      expect(curl).toContain(`-H 'authorization: Bearer '"$API_KEY"`);
      expect(card.querySelector('.actual .body .add')!.textContent).toContain(`"${BROKEN_PROPERTY}"`);
      expect(card.querySelector('.expected')!.textContent).toContain('must have required property');
    }
    for (const text of [html, readFileSync(run.json, 'utf8')]) expect(text).not.toContain('conformance-mock-key');
  });
});
