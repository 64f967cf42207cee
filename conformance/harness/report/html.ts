// One self-contained HTML file (inline CSS and script, nothing fetched) made to fix things with: a
// sticky bar with the figures, search, filters and legend; then each failure with a `curl` that
// replays its request against the mock, and the documented answer next to the one that came back
// (pretty-printed, the failing JSON pointer highlighted); then the matrix of cases run, with the cases
// not run (out of scope, not covered) folded into one count per vendor that opens on click.
// Every vendor-derived text goes through `escapeHtml`; light and dark colours follow the system.
import { CHECK_NAMES, type CheckName } from '../../suite/checks.js';
import type { ExchangeExcerpt } from '../../suite/context.js';
import { curlCommand, needsApiKey } from './curl.js';
import { type BodyProblem, prettyLines, problemsByCall, under } from './json-view.js';
import {
  type CaseReport,
  defectAt,
  failuresFirst,
  OUT_OF_SCOPE,
  OUTCOMES,
  type Outcome,
  type RunReport,
} from './model.js';
import { CHECK_ABBREVIATIONS } from './terminal.js';

/** Escapes markup, and shows control characters as `\u{…}` instead of writing them raw. */
export const escapeHtml = (text: string): string =>
  text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;')
    .replace(
      /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029]/g,
      (c) => `\\u{${c.charCodeAt(0).toString(16)}}`,
    );

const OUTCOME_TEXT: Record<Outcome, string> = {
  passed: 'passed',
  failed: 'failed (ours: client, façade or our spec)',
  vendor_spec_defect: 'vendor spec defect',
  mock_limitation: 'mock limitation',
  not_covered: 'not covered by the façade (raw client only)',
  skipped: 'not run',
};

/** Column headings of the matrix: short enough for a cell, named in full in the legend. */
const CHECK_HEADINGS: Record<CheckName, string> = {
  request_conformance: 'request',
  status_code_conformance: 'status',
  content_type_conformance: 'content type',
  response_schema_conformance: 'schema',
  error_mapping: 'error mapping',
  semantic_conformance: 'meaning',
  examples_valid: 'examples',
};

const STYLE = `
:root{color-scheme:light dark;--fg:#1b1f24;--muted:#57606a;--bg:#fff;--panel:#f6f8fa;--line:#d0d7de;
--pass-bg:#dafbe1;--pass-fg:#116329;--fail-bg:#ffebe9;--fail-fg:#a40e26;--fail-edge:#cf222e;
--spec-bg:#fff8c5;--spec-fg:#7d4e00;--mock-bg:#ddf4ff;--mock-fg:#0a3069;--na-bg:#eaeef2;--na-fg:#57606a;
--hl:#ffebe9;--add:#dafbe1;--accent:#0969da;--code-bg:#f6f8fa}
@media (prefers-color-scheme:dark){:root{--fg:#e6edf3;--muted:#9198a1;--bg:#0d1117;--panel:#161b22;--line:#30363d;
--pass-bg:#12361f;--pass-fg:#7ee2a8;--fail-bg:#4a1419;--fail-fg:#ffaba8;--fail-edge:#f85149;
--spec-bg:#3b2e05;--spec-fg:#f2cc60;--mock-bg:#0c2d4f;--mock-fg:#a5d6ff;--na-bg:#21262d;--na-fg:#9198a1;
--hl:#5c1a20;--add:#1b4721;--accent:#4493f8;--code-bg:#010409}}
*{box-sizing:border-box}
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;color:var(--fg);background:var(--bg)}
main{padding:0 1.25rem 3rem}
header.top{position:sticky;top:0;z-index:10;background:var(--bg);border-bottom:1px solid var(--line);padding:.6rem 1.25rem .5rem}
.bar{display:flex;gap:.75rem 1rem;flex-wrap:wrap;align-items:center}
h1{font-size:1.15rem;margin:0}h2{font-size:1.05rem;margin:1.4rem 0 .5rem}
.pill{padding:.15rem .6rem;border-radius:999px;font-weight:600}
.figures{color:var(--muted)}.figures b{color:var(--fg)}
#search{flex:1 1 16rem;min-width:12rem;max-width:30rem;padding:.35rem .6rem;border:1px solid var(--line);border-radius:6px;background:var(--panel);color:var(--fg);font:inherit}
select{font:inherit;padding:.3rem;border:1px solid var(--line);border-radius:6px;background:var(--panel);color:var(--fg)}
.chips{display:flex;gap:.35rem;flex-wrap:wrap}.chip{padding:.1rem .5rem;border-radius:999px;cursor:pointer;user-select:none;font-size:13px}
.chip input{margin:0 .3rem 0 0;vertical-align:-1px}
.legend{margin-top:.4rem;color:var(--muted);font-size:12px;display:flex;gap:.3rem 1.2rem;flex-wrap:wrap}
.legend b{color:var(--fg)}.legend .key{display:inline-block;min-width:1.3rem;text-align:center;border-radius:3px;margin-right:.2rem}
.passed{background:var(--pass-bg);color:var(--pass-fg)}.failed{background:var(--fail-bg);color:var(--fail-fg)}
.not_applicable,.not_covered,.skipped{background:var(--na-bg);color:var(--na-fg)}
.vendor_spec_defect{background:var(--spec-bg);color:var(--spec-fg)}.mock_limitation{background:var(--mock-bg);color:var(--mock-fg)}
.card{border:1px solid var(--line);border-left:5px solid var(--fail-edge);border-radius:8px;padding:.7rem .9rem;margin:.8rem 0;background:var(--bg)}
.card-vendor_spec_defect{border-left-color:var(--spec-fg)}.card-mock_limitation{border-left-color:var(--mock-fg)}
.card h3{font-size:1rem;margin:0;display:flex;gap:.6rem;flex-wrap:wrap;align-items:baseline}
.card .meta{color:var(--muted);font-size:12px;font-weight:400}
.reason{margin:.35rem 0;color:var(--fail-fg);overflow-wrap:anywhere}.reason b{font-weight:600}.reason ul{margin:.1rem 0;padding-left:1.4rem}
.card-vendor_spec_defect .reason{color:var(--spec-fg)}.card-mock_limitation .reason{color:var(--mock-fg)}
.where{font-size:12px;color:var(--muted);overflow-wrap:anywhere}
code,pre{font:12px/1.5 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
.call{margin-top:.7rem}.call>summary{cursor:pointer;color:var(--muted);font-size:12px}
.curl{position:relative;margin:.4rem 0}.curl pre{margin:0;padding:.5rem 5.5rem .5rem .7rem;background:var(--code-bg);border:1px solid var(--line);border-radius:6px;white-space:pre-wrap;overflow-wrap:anywhere}
.curl button{position:absolute;top:.35rem;right:.35rem;font:12px system-ui,sans-serif;padding:.2rem .6rem;border:1px solid var(--line);border-radius:6px;background:var(--panel);color:var(--fg);cursor:pointer}
.hint{font-size:12px;color:var(--muted);margin:.2rem 0}
.diff{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1fr);gap:.6rem;margin-top:.4rem}
.side{border:1px solid var(--line);border-radius:6px;overflow:hidden;min-width:0}
.side h4{margin:0;padding:.3rem .6rem;font-size:12px;background:var(--panel);border-bottom:1px solid var(--line);display:flex;justify-content:space-between;gap:.5rem}
.side dl{margin:0;padding:.35rem .6rem;display:grid;grid-template-columns:max-content minmax(0,1fr);gap:.1rem .6rem;font-size:12px;border-bottom:1px solid var(--line)}
.side dt{color:var(--muted)}.side dd{margin:0;overflow-wrap:anywhere}.side dd.differs{color:var(--fail-fg);font-weight:700}
.body{position:relative;margin:0;padding:.35rem 0;max-height:24rem;overflow:auto;background:var(--code-bg)}
.body span{display:block;padding:0 .6rem;white-space:pre-wrap;overflow-wrap:anywhere}
.body .hl{background:var(--hl)}.body .add{background:var(--add)}.body .note{display:inline;padding:0;color:var(--fail-fg);font-style:italic}
.problems{margin:0;padding:.35rem .6rem .35rem 1.6rem;font-size:12px}.problems code{color:var(--fail-fg)}
table{border-collapse:separate;border-spacing:0;width:100%}
th,td{padding:.22rem .5rem;border-bottom:1px solid var(--line);text-align:left;vertical-align:top}
thead th{position:sticky;top:var(--top,0px);background:var(--panel);z-index:5;font-size:12px;white-space:nowrap}
td.check{text-align:center;font-weight:600;width:4.5rem}td.check.passed{background:none}
td.check.not_applicable{background:none}td.check.failed{box-shadow:inset 0 0 0 1px var(--fail-edge)}
.tag{font-size:12px;padding:0 .45rem;border-radius:999px;white-space:nowrap}
tbody.run tr:hover td,tbody.group tr:hover td{background:var(--panel)}td.ms{text-align:right;color:var(--muted);font-variant-numeric:tabular-nums}
td.outcome{white-space:nowrap}tr.group-head td{background:var(--panel)}
.group-head button{font:inherit;background:none;border:0;color:var(--accent);cursor:pointer;padding:0}
.group-head button::before{content:"▸ ";display:inline-block;width:1em}.group-head button[aria-expanded=true]::before{content:"▾ "}
a{color:var(--accent)}.empty{color:var(--muted)}[hidden]{display:none!important}
@media (max-width:900px){.diff{grid-template-columns:1fr}}
`;

const SCRIPT = `(()=>{
const $$=(s)=>[...document.querySelectorAll(s)];
const search=document.getElementById('search'),vendor=document.getElementById('vendor');
const items=$$('[data-search]');
function apply(){
  const v=vendor.value,on=new Set($$('input[name=outcome]:checked').map((i)=>i.value));
  const terms=search.value.toLowerCase().split(/\\s+/).filter(Boolean);
  for(const el of items){
    el.dataset.match=String((v===''||el.dataset.vendor===v)&&on.has(el.dataset.outcome)&&terms.every((t)=>el.dataset.search.includes(t)));
    const group=el.closest('tbody.group');
    el.hidden=el.dataset.match!=='true'||(group!==null&&group.dataset.open!=='true');
  }
  for(const group of $$('tbody.group')){
    const n=group.querySelectorAll('[data-match=true]').length;
    group.querySelector('.group-head').hidden=n===0;
    group.querySelector('.shown').textContent=n===Number(group.dataset.total)?'':n+' matching of ';
  }
  for(const section of $$('[data-section]')){
    const all=section.querySelectorAll('[data-search]'),shown=section.querySelectorAll('[data-search]:not([hidden])').length;
    const count=section.querySelector('.count');if(count)count.textContent=shown===all.length?String(all.length):shown+' of '+all.length;
  }
}
for(const b of $$('.group-head button'))b.addEventListener('click',()=>{
  const group=b.closest('tbody.group'),open=group.dataset.open!=='true';
  group.dataset.open=String(open);b.setAttribute('aria-expanded',String(open));apply();});
for(const b of $$('.curl button'))b.addEventListener('click',async()=>{
  const text=b.parentElement.querySelector('pre').textContent;
  try{await navigator.clipboard.writeText(text);}catch{const r=document.createRange();r.selectNodeContents(b.parentElement.querySelector('pre'));
    const s=getSelection();s.removeAllRanges();s.addRange(r);document.execCommand('copy');}
  b.textContent='Copied';setTimeout(()=>{b.textContent='Copy';},1500);});
search.addEventListener('input',apply);
$$('select,input[name=outcome]').forEach((e)=>e.addEventListener('change',apply));
document.addEventListener('keydown',(e)=>{if(e.key==='/'&&document.activeElement!==search){e.preventDefault();search.focus();}});
const stickTop=()=>document.documentElement.style.setProperty('--top',document.querySelector('header.top').offsetHeight+'px');
for(const body of $$('.body')){const mark=body.querySelector('.hl,.add');if(mark&&mark.offsetTop>body.clientHeight-40)body.scrollTop=mark.offsetTop-body.clientHeight/2;}
addEventListener('resize',stickTop);stickTop();apply();
})();`;

const ms = (c: CaseReport) => (c.durationMs === undefined ? '' : `${c.durationMs} ms`);

/** What the search box matches: names, route, outcome and every reason, lower-cased. */
function searchText(c: CaseReport): string {
  const reasons = c.checks.map((k) => `${k.name} ${k.reason ?? ''}`).join(' ');
  return escapeHtml(
    `${c.vendor} ${c.operation} ${c.label} ${c.route ?? ''} ${c.outcome.replace(/_/g, ' ')} ${c.kind} ${reasons}`.toLowerCase(),
  );
}

const itemAttributes = (c: CaseReport) =>
  `data-vendor="${escapeHtml(c.vendor)}" data-outcome="${c.outcome}" data-search="${searchText(c)}"`;

function bodyView(body: string, problems: readonly BodyProblem[]): string {
  const lines = prettyLines(body);
  if (!lines) return `<pre class="body"><span>${escapeHtml(body || '(empty)')}</span></pre>`;
  const out: string[] = [];
  const noted = new Set<BodyProblem>();
  for (const [i, line] of lines.entries()) {
    const indent = '  '.repeat(line.depth);
    const closes = /^[}\]],?$/.test(line.text);
    // A missing required property is shown as an added line just before its object closes.
    for (const p of problems) {
      if (p.missing !== undefined && closes && line.pointer === p.pointer) {
        out.push(
          `<span class="add">${escapeHtml(`${indent}  ${JSON.stringify(p.missing)}: …`)}  <span class="note">← ${escapeHtml(p.message)}</span></span>`,
        );
        noted.add(p);
      }
    }
    const hit = problems.filter((p) => p.missing === undefined && under(line, p.pointer));
    const first = hit.filter((p) => !noted.has(p) && (i === 0 || !under(lines[i - 1]!, p.pointer) || p.pointer === ''));
    for (const p of first) noted.add(p);
    const note = first.length
      ? ` <span class="note">← ${escapeHtml(first.map((p) => p.message).join('; '))}</span>`
      : '';
    out.push(`<span${hit.length ? ' class="hl"' : ''}>${escapeHtml(indent + line.text)}${note}</span>`);
  }
  return `<pre class="body">${out.join('')}</pre>`;
}

function prettySchema(schema: string): string {
  const lines = prettyLines(schema);
  const text = lines ? lines.map((l) => '  '.repeat(l.depth) + l.text).join('\n') : schema;
  return `<pre class="body"><span>${escapeHtml(text)}</span></pre>`;
}

function expectedSide(e: ExchangeExcerpt, problems: readonly BodyProblem[], reasons: string[]): string {
  const x = e.expected;
  const rows: string[] = [];
  if (x?.status) rows.push(`<dt>status</dt><dd>${escapeHtml(x.status)}</dd>`);
  if (x?.contentTypes)
    rows.push(`<dt>content type</dt><dd>${escapeHtml(x.contentTypes.join(', ') || '(no body)')}</dd>`);
  if (x?.schemaLocation) rows.push(`<dt>schema</dt><dd><code>${escapeHtml(x.schemaLocation)}</code></dd>`);
  const list = problems.length
    ? `<ul class="problems">${problems.map((p) => `<li><code>${escapeHtml(p.pointer || '/')}</code> ${escapeHtml(p.message)}</li>`).join('')}</ul>`
    : reasons.length
      ? `<ul class="problems">${reasons.map((r) => `<li>${escapeHtml(r)}</li>`).join('')}</ul>`
      : '';
  return `<div class="side expected"><h4><span>Expected (spec)</span></h4>${rows.length ? `<dl>${rows.join('')}</dl>` : ''}${list}${x?.schema ? prettySchema(x.schema) : ''}</div>`;
}

/** `200` matches 200; `4XX` any 4xx; `default` anything. */
const statusMatches = (documented: string, status: number): boolean =>
  documented === 'default' ||
  (documented.length === 3 && [...documented].every((ch, i) => /x/i.test(ch) || ch === String(status)[i]));

function actualSide(e: ExchangeExcerpt, problems: readonly BodyProblem[]): string {
  const r = e.response;
  if (!r) {
    return `<div class="side actual"><h4><span>Actual</span></h4><dl><dt>error</dt><dd class="differs">${escapeHtml(e.networkError ?? 'no answer')}</dd></dl></div>`;
  }
  const x = e.expected;
  const statusDiffers = x?.status !== undefined && !statusMatches(x.status, r.status);
  const media = r.contentType.split(';')[0]!.trim().toLowerCase();
  const typeDiffers = x?.contentTypes !== undefined && x.contentTypes.length > 0 && !x.contentTypes.includes(media);
  return `<div class="side actual"><h4><span>Actual (the mock's answer)</span></h4><dl>
<dt>status</dt><dd${statusDiffers ? ' class="differs"' : ''}>${r.status}</dd>
<dt>content type</dt><dd${typeDiffers ? ' class="differs"' : ''}>${escapeHtml(r.contentType || '(none)')}</dd></dl>
${bodyView(r.body, problems)}</div>`;
}

function callView(c: CaseReport, e: ExchangeExcerpt, open: boolean): string {
  const failing = c.checks.filter((k) => k.outcome === 'failed');
  const calls = c.exchanges.map((x) => x.call);
  const problems: BodyProblem[] = [];
  const reasons: string[] = [];
  for (const k of failing) {
    const byCall = problemsByCall(k.reason ?? '', calls);
    problems.push(...(byCall.get(e.call) ?? []), ...(byCall.get(undefined) ?? []));
    for (const part of (k.reason ?? '').split(' | ')) {
      if (part.startsWith(`${e.call}: `)) reasons.push(`${k.name}: ${part.slice(e.call.length + 2)}`);
    }
  }
  const key = needsApiKey(e.request)
    ? '<p class="hint">Set <code>API_KEY</code> first (any value for the mock: <code>export API_KEY=test</code>).</p>'
    : '';
  const body = `<div class="curl"><pre>${escapeHtml(curlCommand(e.request))}</pre><button type="button" title="Copy the command">Copy</button></div>${key}
<div class="diff">${expectedSide(e, problems, reasons)}${actualSide(e, problems)}</div>`;
  const title = `${escapeHtml(e.call)} — <code>${escapeHtml(`${e.request.method} ${e.request.url}`)}</code>`;
  return `<details class="call"${open ? ' open' : ''}><summary>call: ${title}</summary>${body}</details>`;
}

/** A failing check and its reason, one line per call when several calls failed it. */
function reasonView(k: CaseReport['checks'][number]): string {
  const parts = (k.reason ?? 'failed').split(' | ');
  if (parts.length === 1) return `<div class="reason"><b>${escapeHtml(k.name)}</b>: ${escapeHtml(parts[0]!)}</div>`;
  return `<div class="reason"><b>${escapeHtml(k.name)}</b>:<ul>${parts.map((p) => `<li>${escapeHtml(p)}</li>`).join('')}</ul></div>`;
}

function card(c: CaseReport): string {
  const failing = c.checks.filter((k) => k.outcome === 'failed');
  // The calls a failing reason names come first; the first is open.
  const named = (e: ExchangeExcerpt) => failing.some((k) => (k.reason ?? '').includes(`${e.call}: `));
  const exchanges = [...c.exchanges.filter(named), ...c.exchanges.filter((e) => !named(e))];
  // Each located check says whose spec holds the defect: the vendor's, or ours.
  const where = c.checks.filter((k) => k.location);
  return `<article class="card card-${c.outcome}" id="${escapeHtml(`case-${c.id}`)}" ${itemAttributes(c)}>
<h3>${escapeHtml(`${c.vendor} · ${c.operation} · ${c.label}`)}${c.route ? ` <code>${escapeHtml(c.route)}</code>` : ''}<span class="meta">${escapeHtml(OUTCOME_TEXT[c.outcome])}${c.durationMs === undefined ? '' : ` · ${c.durationMs} ms`}</span></h3>
${failing.map(reasonView).join('\n')}
${c.specLocation ? `<div class="where">case from <code>${escapeHtml(c.specLocation)}</code></div>` : ''}
${where.map((k) => `<div class="where">${escapeHtml(defectAt(k))} <code>${k.location!.split(' ').map(escapeHtml).join('</code> <code>')}</code></div>`).join('\n')}
${exchanges.map((e, i) => callView(c, e, i === 0)).join('\n')}
</article>`;
}

function matrixRow(c: CaseReport): string {
  const cells = CHECK_NAMES.map((name) => {
    const check = c.checks.find((k) => k.name === name);
    if (!check) return '<td class="check"></td>';
    const symbol = check.outcome === 'passed' ? '✓' : check.outcome === 'failed' ? '✗' : '–';
    const title = check.reason ? ` title="${escapeHtml(check.reason)}"` : '';
    return `<td class="check ${check.outcome}"${title}>${symbol}</td>`;
  }).join('');
  const label =
    c.outcome !== 'passed' && c.exchanges.length > 0
      ? `<a href="#${escapeHtml(`case-${c.id}`)}">${escapeHtml(c.label)}</a>`
      : escapeHtml(c.label);
  return `<tr data-id="${escapeHtml(c.id)}" ${itemAttributes(c)}><td>${escapeHtml(c.vendor)}</td><td>${escapeHtml(c.operation)}</td><td>${label}</td><td class="outcome"><span class="tag ${c.outcome}">${escapeHtml(c.outcome.replace(/_/g, ' '))}</span></td>${cells}<td class="ms">${ms(c)}</td></tr>`;
}

const COLUMNS = 5 + CHECK_NAMES.length;

/** Cases that did not run, one folded group per vendor and reason, opened by a click. */
function notRunGroups(cases: readonly CaseReport[]): string {
  const groups = new Map<string, CaseReport[]>();
  for (const c of cases) {
    const why = c.kind === OUT_OF_SCOPE ? 'out of scope (not run; --scope all runs them)' : OUTCOME_TEXT[c.outcome];
    const key = JSON.stringify([c.vendor, why]);
    groups.set(key, [...(groups.get(key) ?? []), c]);
  }
  return [...groups]
    .map(([key, members]) => {
      const [vendor, why] = JSON.parse(key) as [string, string];
      const head = `<tr class="group-head"><td colspan="${COLUMNS}"><button type="button" aria-expanded="false"><span class="shown"></span>${members.length} ${escapeHtml(vendor)} ${members[0]!.outcome === 'not_covered' ? 'operations' : 'cases'} ${escapeHtml(why)}</button></td></tr>`;
      return `<tbody class="group" data-vendor="${escapeHtml(vendor)}" data-total="${members.length}">${head}\n${members.map(matrixRow).join('\n')}</tbody>`;
    })
    .join('\n');
}

export function renderHtml(report: RunReport): string {
  const t = report.totals;
  const ordered = failuresFirst(report.cases);
  const notRun = (c: CaseReport) => c.outcome === 'not_covered' || c.outcome === 'skipped';
  const failures = ordered.filter((c) => c.outcome === 'failed');
  const others = ordered.filter((c) => c.outcome === 'vendor_spec_defect' || c.outcome === 'mock_limitation');
  const present = OUTCOMES.filter((o) => t.byOutcome[o] > 0);
  const checks = t.checks.passed + t.checks.failed + t.checks.not_applicable;
  const figures = [
    `<b>${t.cases}</b> cases run`,
    `<b>${checks}</b> checks`,
    t.byOutcome.vendor_spec_defect ? `<b>${t.byOutcome.vendor_spec_defect}</b> spec defects` : '',
    t.byOutcome.mock_limitation ? `<b>${t.byOutcome.mock_limitation}</b> mock limitations` : '',
    t.byOutcome.not_covered + t.byOutcome.skipped
      ? `<b>${t.byOutcome.not_covered + t.byOutcome.skipped}</b> not run`
      : '',
    `<b>${(report.wallMs / 1000).toFixed(1)} s</b>`,
  ]
    .filter(Boolean)
    .join(' · ');
  const legendChecks = CHECK_NAMES.map(
    (n) => `<span><b>${CHECK_HEADINGS[n]}</b> ${n} (${CHECK_ABBREVIATIONS[n]})</span>`,
  ).join('');
  const mockUrls = [
    ...new Set(report.cases.flatMap((c) => c.exchanges.map((e) => `${c.vendor} ${new URL(e.request.url).origin}`))),
  ];
  const replay = failures.length
    ? `<p class="hint">Each <code>curl</code> replays a request against the mock this run started (${mockUrls
        .filter((u) => failures.some((f) => u.startsWith(`${f.vendor} `)))
        .map((u) => escapeHtml(u))
        .join(
          ', ',
        )}). To start it again: <code>npx prism mock generated/&lt;vendor&gt;/openapi.yaml -h 127.0.0.1 -p &lt;port&gt;</code>.</p>`
    : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>Conformance: ${t.passed} passed, ${t.failed} failed</title><style>${STYLE}</style></head>
<body>
<header class="top">
<div class="bar"><h1>Conformance</h1><span id="summary" class="pill ${t.failed > 0 ? 'failed' : 'passed'}">${t.passed} passed, ${t.failed} failed</span>
<span class="figures">${figures}</span>
<input id="search" type="search" placeholder="Search cases, routes, reasons…  ( / )" aria-label="Search cases">
<label>Vendor <select id="vendor"><option value="">all</option>${report.vendors.map((v) => `<option>${escapeHtml(v)}</option>`).join('')}</select></label></div>
<div class="bar chips" style="margin-top:.4rem">${present.map((o) => `<label class="chip ${o}" title="${escapeHtml(OUTCOME_TEXT[o])}"><input type="checkbox" name="outcome" value="${o}" checked>${escapeHtml(o === 'skipped' ? 'not run' : o.replace(/_/g, ' '))} ${t.byOutcome[o]}</label>`).join('')}</div>
<div class="legend" id="legend"><span>Cells: <span class="key passed">✓</span>passed <span class="key failed">✗</span>failed <span class="key not_applicable">–</span>not applicable (hover a cell for its reason)</span>${legendChecks}</div>
</header>
<main>
<section data-section="failures"><h2 id="failures">Failures (<span class="count">${failures.length}</span>)</h2>
${replay}
${failures.length ? failures.map(card).join('\n') : '<p class="empty">None: every case that ran passed, or failed by someone else’s fault (below).</p>'}</section>
${others.length ? `<section data-section="others"><h2 id="others">Vendor spec defects and mock limitations (<span class="count">${others.length}</span>)</h2>\n${others.map(card).join('\n')}</section>` : ''}
<section data-section="matrix"><h2 id="matrix-title">Cases</h2>
<table id="matrix"><thead><tr><th>vendor</th><th>operation</th><th>case</th><th>outcome</th>${CHECK_NAMES.map((n) => `<th title="${n}">${CHECK_HEADINGS[n]}</th>`).join('')}<th>time</th></tr></thead>
<tbody class="run">${ordered
    .filter((c) => !notRun(c))
    .map(matrixRow)
    .join('\n')}</tbody>
${notRunGroups(ordered.filter(notRun))}</table></section>
</main>
<script>${SCRIPT}</script>
</body></html>
`;
}
