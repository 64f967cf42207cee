// JUnit XML that CI systems show well: one <testsuite> per vendor, one <testcase> per (case, check),
// classname = vendor.operation, and a failure `message` that states the reason in one line.
import { defectAt, OUT_OF_SCOPE, type RunReport } from './model.js';

// Everything outside XML 1.0's `Char` production (most C0 controls, lone surrogates, U+FFFE, U+FFFF):
// not even escaped would it be well-formed, so it is dropped.
const NOT_XML_CHAR = /[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu;

const escapeXml = (text: string): string =>
  text
    .replace(NOT_XML_CHAR, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');

export function renderJUnit(report: RunReport): string {
  const out = ['<?xml version="1.0" encoding="UTF-8"?>'];
  const suites = report.vendors.map((vendor) => {
    const cases = report.cases.filter((c) => c.vendor === vendor);
    const testcases: string[] = [];
    let failures = 0;
    let skipped = 0;
    for (const c of cases) {
      const classname = escapeXml(`${c.vendor}.${c.operation}`);
      const time = ((c.durationMs ?? 0) / 1000).toFixed(3);
      if (c.checks.length === 0) {
        // Not covered, skipped, or a case without checks: one testcase that says so.
        skipped++;
        testcases.push(
          `    <testcase classname="${classname}" name="${escapeXml(c.label)}" time="${time}"><skipped message="${escapeXml(c.kind === OUT_OF_SCOPE ? 'out of scope' : c.outcome.replace('_', ' '))}"/></testcase>`,
        );
        continue;
      }
      for (const check of c.checks) {
        const name = escapeXml(`${c.label} ${check.name}`);
        const open = `    <testcase classname="${classname}" name="${name}" time="${time}">`;
        if (check.outcome === 'passed') testcases.push(`${open}</testcase>`);
        else if (check.outcome === 'not_applicable') {
          skipped++;
          testcases.push(`${open}<skipped message="${escapeXml(check.reason ?? 'not applicable')}"/></testcase>`);
        } else {
          failures++;
          const reason = check.reason ?? 'failed';
          const body = [
            reason,
            check.location ? `${defectAt(check)}: ${check.location}` : '',
            c.route ? `route: ${c.route}` : '',
            c.specLocation ? `spec: ${c.specLocation}` : '',
            ...c.exchanges.map(
              (e) =>
                `${e.call}: ${e.request.method} ${e.request.url} -> ${e.response ? `${e.response.status} ${e.response.contentType} ${e.response.body}` : (e.networkError ?? 'no answer')}`,
            ),
          ]
            .filter(Boolean)
            .join('\n');
          testcases.push(
            `${open}<failure message="${escapeXml(reason)}" type="${check.name}">${escapeXml(body)}</failure></testcase>`,
          );
        }
      }
    }
    const tests = testcases.length;
    return [
      `  <testsuite name="${escapeXml(vendor)}" tests="${tests}" failures="${failures}" errors="0" skipped="${skipped}" timestamp="${report.startedAt}">`,
      ...testcases,
      '  </testsuite>',
    ].join('\n');
  });
  const total = report.cases.reduce((n, c) => n + Math.max(1, c.checks.length), 0);
  const failed = report.cases.reduce((n, c) => n + c.checks.filter((k) => k.outcome === 'failed').length, 0);
  out.push(
    `<testsuites name="conformance" tests="${total}" failures="${failed}" errors="0" time="${(report.wallMs / 1000).toFixed(3)}">`,
    ...suites,
    '</testsuites>',
  );
  return `${out.join('\n')}\n`;
}
