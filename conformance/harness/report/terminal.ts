// The terminal report: a vendor × operation × case matrix with one narrow cell per check, fitted to
// the terminal's width (80 columns at least), coloured on a TTY unless NO_COLOR; FORCE_COLOR forces it.
import { printable } from '../../../src/core/printable.js';
import { CHECK_NAMES, type CheckName } from '../../suite/checks.js';
import { type CaseReport, type CheckOutcome, defectAt, failuresFirst, OUT_OF_SCOPE, type RunReport } from './model.js';

export const CHECK_ABBREVIATIONS: Record<CheckName, string> = {
  request_conformance: 'req',
  status_code_conformance: 'st',
  content_type_conformance: 'ct',
  response_schema_conformance: 'sch',
  error_mapping: 'map',
  semantic_conformance: 'sem',
  examples_valid: 'ex',
};

export interface TerminalOptions {
  /** @default 80 */
  columns?: number;
  /** @default false */
  color?: boolean;
}

/** Width and colour for a stream, from the stream itself and the environment (COLUMNS, NO_COLOR, FORCE_COLOR). */
export function terminalOptions(
  stream: { isTTY?: boolean; columns?: number },
  env: NodeJS.ProcessEnv,
): Required<TerminalOptions> {
  const columns = stream.columns || Number(env.COLUMNS) || 80;
  const forced = env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false';
  const color = env.NO_COLOR !== undefined && env.NO_COLOR !== '' ? false : forced || Boolean(stream.isTTY);
  return { columns: Math.max(80, columns), color };
}

const ANSI = { green: 32, red: 31, yellow: 33, dim: 2, bold: 1 } as const;

function painter(color: boolean) {
  return (style: keyof typeof ANSI, text: string) => (color ? `\u001b[${ANSI[style]}m${text}\u001b[0m` : text);
}

/** Cuts `text` to `width` characters, marking the cut with `…`. */
function padOrCut(text: string, width: number): string {
  return text.length <= width ? text.padEnd(width) : `${text.slice(0, Math.max(0, width - 1))}…`;
}

/** `text` in pieces of at most `width` characters (at least one piece). */
function chunks(text: string, width: number): string[] {
  const size = Math.max(1, width);
  const pieces: string[] = [];
  for (let i = 0; i < text.length; i += size) pieces.push(text.slice(i, i + size));
  return pieces.length > 0 ? pieces : [''];
}

/** Word-wraps `text` to `width`, continuation lines indented by `indent`. */
export function wrap(text: string, width: number, indent = '    '): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const prefix = lines.length === 0 ? '' : indent;
    if (line && (prefix + line).length + 1 + word.length > width) {
      lines.push(prefix + line);
      line = '';
    }
    // A word longer than the line (a URL, a pointer) is split hard.
    let rest = word;
    while ((lines.length === 0 ? '' : indent).length + rest.length > width && !line) {
      const room = width - (lines.length === 0 ? 0 : indent.length);
      lines.push((lines.length === 0 ? '' : indent) + rest.slice(0, room));
      rest = rest.slice(room);
    }
    line = line ? `${line} ${rest}` : rest;
  }
  if (line) lines.push((lines.length === 0 ? '' : indent) + line);
  return lines;
}

/** Above this many operations of one vendor, "not covered" is a count instead of a list. */
const LISTED_AT_MOST = 10;

function perVendor(cases: readonly CaseReport[]): Map<string, CaseReport[]> {
  const map = new Map<string, CaseReport[]>();
  for (const c of cases) {
    const list = map.get(c.vendor);
    if (list) list.push(c);
    else map.set(c.vendor, [c]);
  }
  return map;
}

const SYMBOL: Record<CheckOutcome, string> = { passed: 'ok', failed: 'XX', not_applicable: '-' };

/** The vendor's text in a case (operationIds, labels, reasons quoting bodies), escaped for a terminal. */
function escapedCase(c: CaseReport): CaseReport {
  return {
    ...c,
    id: printable(c.id),
    vendor: printable(c.vendor),
    operation: printable(c.operation),
    label: printable(c.label),
    ...(c.specLocation === undefined ? {} : { specLocation: printable(c.specLocation) }),
    checks: c.checks.map((k) => (k.reason === undefined ? k : { ...k, reason: printable(k.reason) })),
  };
}

export function renderTerminal(input: RunReport, options: TerminalOptions = {}): string {
  const report = { ...input, cases: input.cases.map(escapedCase) };
  const columns = Math.max(80, options.columns ?? 80);
  const paint = painter(options.color ?? false);
  const checkWidth = 4;
  const checksWidth = CHECK_NAMES.length * checkWidth;
  // Cases that did not run are counted below the matrix, not given a row each: a large vendor spec
  // has hundreds.
  const cases = report.cases.filter((c) => c.outcome !== 'not_covered' && c.kind !== OUT_OF_SCOPE);
  const vendorWidth = Math.max(6, ...cases.map((c) => c.vendor.length));
  const rest = columns - checksWidth - vendorWidth - 2 - 1;
  const operationWidth = Math.min(Math.max(9, ...cases.map((c) => c.operation.length)), Math.floor(rest * 0.5));
  const labelWidth = rest - operationWidth - 2;

  const cell = (c: CaseReport, name: CheckName): string => {
    const check = c.checks.find((k) => k.name === name);
    if (!check) return ''.padEnd(checkWidth);
    const text = SYMBOL[check.outcome].padEnd(checkWidth);
    return check.outcome === 'passed'
      ? paint('green', text)
      : check.outcome === 'failed'
        ? paint('red', text)
        : paint('dim', text);
  };
  const head = `${padOrCut('vendor', vendorWidth)}  ${padOrCut('operation', operationWidth)}  ${padOrCut('case', labelWidth)} ${CHECK_NAMES.map((n) => CHECK_ABBREVIATIONS[n].padEnd(checkWidth)).join('')}`;
  const out = [paint('bold', head.trimEnd()), '-'.repeat(Math.min(columns, head.trimEnd().length))];
  for (const c of cases) {
    const label = c.outcome === 'skipped' ? `${c.label} (skipped)` : c.label;
    // Names are never cut (two operations may share a long prefix): what does not fit goes on to
    // continuation lines under its column.
    const operation = chunks(c.operation, operationWidth);
    const labels = chunks(label, labelWidth);
    const row = `${padOrCut(c.vendor, vendorWidth)}  ${padOrCut(operation[0]!, operationWidth)}  ${padOrCut(labels[0]!, labelWidth)} ${CHECK_NAMES.map((n) => cell(c, n)).join('')}`;
    out.push(row.trimEnd());
    for (let i = 1; i < Math.max(operation.length, labels.length); i++) {
      const more = `${''.padEnd(vendorWidth)}  ${padOrCut(operation[i] ?? '', operationWidth)}  ${labels[i] ?? ''}`;
      out.push(more.trimEnd());
    }
  }
  out.push('');
  const legend = `Checks: ${CHECK_NAMES.map((n) => `${CHECK_ABBREVIATIONS[n]} ${n}`).join(', ')}. Cells: ok passed, XX failed, - not applicable.`;
  out.push(...wrap(legend, columns, '  '));

  const failures = failuresFirst(report.cases).filter((c) => c.outcome === 'failed');
  if (failures.length > 0) {
    out.push('', paint('red', `Failures (${failures.length}):`));
    for (const c of failures) {
      for (const check of c.checks.filter((k) => k.outcome === 'failed')) {
        out.push(...wrap(`${c.id} ${check.name}: ${check.reason ?? 'failed'}`, columns));
        // A defect in our own spec: every place to fix, in full.
        for (const at of new Set((check.location ?? '').split(' ').filter(Boolean)))
          out.push(...wrap(`${defectAt(check)} ${at}`, columns - 4, '  ').map((line) => `    ${line}`));
      }
      if (c.specLocation) out.push(...wrap(`    at ${c.specLocation}`, columns, '      '));
    }
  }
  const notCovered = perVendor(report.cases.filter((c) => c.outcome === 'not_covered'));
  if (notCovered.size > 0) {
    out.push('', 'Not covered by the façade (raw client only):');
    for (const [vendor, list] of notCovered) {
      const items =
        list.length <= LISTED_AT_MOST
          ? list.map((c) => `${vendor} ${c.operation}`)
          : [`${vendor}: ${list.length} operations (listed in the HTML and JSON reports)`];
      for (const item of items) out.push(...wrap(item, columns - 2).map((line) => `  ${line}`));
    }
  }
  const outOfScope = perVendor(report.cases.filter((c) => c.kind === OUT_OF_SCOPE));
  if (outOfScope.size > 0) {
    const counts = [...outOfScope].map(([vendor, list]) => `${vendor} ${list.length}`).join(', ');
    out.push('', ...wrap(`Out of scope, not run (--scope all runs them): ${counts} cases.`, columns, '  '));
  }
  const t = report.totals;
  out.push(
    '',
    ...wrap(
      `checks: ${t.checks.passed} passed, ${t.checks.failed} failed, ${t.checks.not_applicable} not applicable; ${t.byOutcome.skipped} cases not run; ${(report.wallMs / 1000).toFixed(1)} s`,
      columns,
    ),
  );
  return out.join('\n');
}
