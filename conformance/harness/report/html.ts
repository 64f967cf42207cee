// One self-contained HTML file (inline CSS and a few lines of script, nothing fetched): the run's
// figures, failures first with their reason, spec location and wire excerpts, then the vendor ×
// operation × case matrix with a coloured cell per check, filterable by vendor and outcome.
import { CHECK_NAMES } from '../../suite/checks.js';
import { type CaseReport, failuresFirst, OUTCOMES, type RunReport } from './model.js';
import { CHECK_ABBREVIATIONS } from './terminal.js';

const escapeHtml = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const OUTCOME_TEXT: Record<string, string> = {
  passed: 'passed',
  failed: 'failed (ours: client, façade or our spec)',
  vendor_spec_defect: 'vendor spec defect',
  mock_limitation: 'mock limitation',
  not_covered: 'not covered by the façade',
  skipped: 'skipped',
};

const STYLE = `
body{font:14px/1.4 system-ui,sans-serif;margin:1.5rem;color:#1b1f24;background:#fff}
h1{font-size:1.4rem;margin:0 0 .5rem}h2{font-size:1.1rem;margin:1.5rem 0 .5rem}
.figures{display:flex;gap:1.5rem;flex-wrap:wrap;margin:.5rem 0 1rem}.figures div{min-width:6rem}
.figures b{display:block;font-size:1.3rem}
.filters{display:flex;gap:1rem;flex-wrap:wrap;align-items:center;padding:.5rem;background:#f3f4f6;border-radius:6px}
table{border-collapse:collapse;margin-top:.5rem}th,td{padding:.2rem .5rem;border-bottom:1px solid #e5e7eb;text-align:left}
td.check{text-align:center;font-weight:600;min-width:2.5rem}
.passed{background:#dcfce7;color:#166534}.failed{background:#fee2e2;color:#991b1b}
.not_applicable{background:#f3f4f6;color:#6b7280}.vendor_spec_defect{background:#fef3c7;color:#92400e}
.mock_limitation{background:#e0e7ff;color:#3730a3}.not_covered,.skipped{background:#f3f4f6;color:#374151}
.failure{border:1px solid #fca5a5;border-left:6px solid #dc2626;border-radius:6px;padding:.6rem .8rem;margin:.6rem 0}
.failure .reason{font-weight:600;color:#991b1b}.failure pre{white-space:pre-wrap;word-break:break-all;background:#f9fafb;padding:.4rem;margin:.3rem 0;font-size:12px}
code{font-size:12px}.legend{color:#4b5563;font-size:12px}[hidden]{display:none}
`;

const SCRIPT = `
const rows=[...document.querySelectorAll('[data-vendor]')];
function apply(){const v=document.getElementById('vendor').value;
const on=new Set([...document.querySelectorAll('input[name=outcome]:checked')].map(i=>i.value));
for(const r of rows){r.hidden=!((v===''||r.dataset.vendor===v)&&on.has(r.dataset.outcome));}}
document.querySelectorAll('select,input[name=outcome]').forEach(e=>e.addEventListener('change',apply));apply();
`;

function failureCard(c: CaseReport): string {
  const failed = c.checks.filter((k) => k.outcome === 'failed');
  const wire = c.exchanges
    .map((e) => {
      const answer = e.response
        ? `${e.response.status} ${e.response.contentType}\n${e.response.body}`
        : (e.networkError ?? 'no answer');
      return `<pre><b>${escapeHtml(e.call)}</b>: ${escapeHtml(`${e.request.method} ${e.request.url}`)}\n→ ${escapeHtml(answer)}</pre>`;
    })
    .join('');
  return `<div class="failure" data-vendor="${escapeHtml(c.vendor)}" data-outcome="${c.outcome}">
<div><b>${escapeHtml(c.vendor)} · ${escapeHtml(c.operation)} · ${escapeHtml(c.label)}</b>${c.route ? ` <code>${escapeHtml(c.route)}</code>` : ''}</div>
${failed.map((k) => `<div class="reason">${escapeHtml(k.name)}: ${escapeHtml(k.reason ?? 'failed')}</div>`).join('\n')}
${c.specLocation ? `<div>spec: <code>${escapeHtml(c.specLocation)}</code></div>` : ''}
${wire}</div>`;
}

function matrixRow(c: CaseReport): string {
  const cells = CHECK_NAMES.map((name) => {
    const check = c.checks.find((k) => k.name === name);
    if (!check) return '<td class="check"></td>';
    const symbol = check.outcome === 'passed' ? '✓' : check.outcome === 'failed' ? '✗' : '–';
    const title = check.reason ? ` title="${escapeHtml(check.reason)}"` : '';
    return `<td class="check ${check.outcome}"${title}>${symbol}</td>`;
  }).join('');
  return `<tr data-vendor="${escapeHtml(c.vendor)}" data-outcome="${c.outcome}"><td>${escapeHtml(c.vendor)}</td><td>${escapeHtml(c.operation)}</td><td>${escapeHtml(c.label)}</td><td class="${c.outcome}">${escapeHtml(c.outcome.replace(/_/g, ' '))}</td>${cells}</tr>`;
}

export function renderHtml(report: RunReport): string {
  const t = report.totals;
  const failures = failuresFirst(report.cases).filter((c) => c.outcome === 'failed');
  const present = OUTCOMES.filter((o) => t.byOutcome[o] > 0);
  const figures = [
    ['cases', t.cases],
    ['passed', t.passed],
    ['failed', t.failed],
    ['checks', t.checks.passed + t.checks.failed + t.checks.not_applicable],
    ['checks failed', t.checks.failed],
    ['wall time', `${(report.wallMs / 1000).toFixed(1)} s`],
  ]
    .map(([k, v]) => `<div><b>${escapeHtml(String(v))}</b>${escapeHtml(String(k))}</div>`)
    .join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Conformance: ${t.passed} passed, ${t.failed} failed</title><style>${STYLE}</style></head>
<body>
<h1>Conformance report</h1>
<div id="summary" class="${t.failed > 0 ? 'failed' : 'passed'}" style="padding:.4rem .6rem;border-radius:6px;display:inline-block"><b>${t.passed} passed, ${t.failed} failed</b></div>
<div class="figures">${figures}</div>
<div class="legend">${escapeHtml(report.startedAt)} · agent-lifecycle ${escapeHtml(report.versions.agentLifecycle)} · node ${escapeHtml(report.versions.node)} · prism ${escapeHtml(report.versions.prism)} · vitest ${escapeHtml(report.versions.vitest)} · vendors: ${report.vendors.map(escapeHtml).join(', ')}</div>
<h2>Filters</h2>
<div class="filters"><label>Vendor <select id="vendor"><option value="">all</option>${report.vendors.map((v) => `<option>${escapeHtml(v)}</option>`).join('')}</select></label>
${present.map((o) => `<label><input type="checkbox" name="outcome" value="${o}" checked> ${escapeHtml(OUTCOME_TEXT[o] ?? o)} (${t.byOutcome[o]})</label>`).join('\n')}</div>
<h2 id="failures">Failures (${failures.length})</h2>
${failures.length ? failures.map(failureCard).join('\n') : '<p>None.</p>'}
<h2>Matrix</h2>
<table id="matrix"><thead><tr><th>vendor</th><th>operation</th><th>case</th><th>outcome</th>${CHECK_NAMES.map((n) => `<th title="${n}">${CHECK_ABBREVIATIONS[n]}</th>`).join('')}</tr></thead>
<tbody>${failuresFirst(report.cases).map(matrixRow).join('\n')}</tbody></table>
<p class="legend">Checks: ${CHECK_NAMES.map((n) => `<b>${CHECK_ABBREVIATIONS[n]}</b> ${n}`).join(', ')}. Cells: ✓ passed, ✗ failed, – not applicable (hover for the reason).
Outcomes: ${OUTCOMES.map((o) => `<b>${o.replace(/_/g, ' ')}</b>: ${escapeHtml(OUTCOME_TEXT[o] ?? o)}`).join('; ')}.</p>
<script>${SCRIPT}</script>
</body></html>
`;
}
