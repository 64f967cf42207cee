// The HTML report's parts, without a conformance run: the `curl` replays exactly the recorded request
// (checked by running it through a shell, and through curl against a loopback server), bodies print
// with the failing pointer highlighted, and every vendor text is escaped.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import { parseHTML } from 'linkedom';
import { describe, expect, test } from 'vitest';
import { curlCommand, shellQuote } from '../../conformance/harness/report/curl.js';
import { escapeHtml, renderHtml } from '../../conformance/harness/report/html.js';
import { prettyLines, problemsByCall } from '../../conformance/harness/report/json-view.js';
import type { CaseReport, RunReport } from '../../conformance/harness/report/model.js';
import { withServer } from '../helpers/loopback-server.js';

const run = promisify(execFile);
const SH = '/bin/sh';
const CURL = ['/usr/bin/curl', '/bin/curl', '/usr/local/bin/curl'].find((p) => existsSync(p));

/** What `sh` makes of a quoted word: the argument a command would receive. */
async function shellWord(word: string, env: Record<string, string> = {}): Promise<string> {
  const { stdout } = await run(SH, ['-c', `printf '%s' ${word}`], { env: { PATH: process.env.PATH, ...env } });
  return stdout;
}

function report(cases: CaseReport[]): RunReport {
  const byOutcome = { passed: 0, failed: 0, vendor_spec_defect: 0, mock_limitation: 0, not_covered: 0, skipped: 0 };
  for (const c of cases) byOutcome[c.outcome]++;
  return {
    schemaVersion: 1,
    startedAt: '2026-01-01T00:00:00.000Z',
    wallMs: 1234,
    versions: { agentLifecycle: '0.0.0', node: 'v20', prism: '5', vitest: '4' },
    vendors: [...new Set(cases.map((c) => c.vendor))],
    totals: {
      cases: cases.length,
      passed: byOutcome.passed,
      failed: byOutcome.failed,
      byOutcome,
      checks: { passed: 1, failed: 1, not_applicable: 0 },
    },
    cases,
  };
}

const failing = (over: Partial<CaseReport> = {}): CaseReport => ({
  id: 'acme getAgent 200',
  vendor: 'acme',
  operation: 'getAgent',
  route: 'GET /agents/{id}',
  label: '200',
  kind: 'status',
  outcome: 'failed',
  durationMs: 42,
  checks: [
    { name: 'status_code_conformance', outcome: 'passed' },
    {
      name: 'response_schema_conformance',
      outcome: 'failed',
      reason:
        "get: /data/0/name must be string; (root) must have required property 'owner' | raw: /total must be integer",
    },
  ],
  exchanges: [
    {
      call: 'get',
      request: {
        method: 'GET',
        url: 'http://127.0.0.1:4010/agents/a1',
        headers: { authorization: 'Bearer $API_KEY', prefer: 'code=200' },
      },
      response: {
        status: 200,
        contentType: 'application/json',
        body: '{"data":[{"name":1,"id":"a"}],"total":1}',
      },
      expected: { status: '200', contentTypes: ['application/json'], schemaLocation: 'generated/acme/openapi.yaml#/x' },
    },
    {
      call: 'raw',
      request: { method: 'GET', url: 'http://127.0.0.1:4010/agents/a1', headers: {} },
      response: { status: 200, contentType: 'application/json', body: '{"total":"1"}' },
    },
  ],
  ...over,
});

describe('curl', () => {
  test.each([
    ['plain'],
    ["it's"],
    ["'"],
    [''],
    ['$HOME `id` $(id) "x" \\ \n newline'],
    ['{"name":"O\'Brien","note":"$PATH"}'],
  ])('shellQuote(%j) gives the text back, expanding nothing', async (text) => {
    expect(await shellWord(shellQuote(text))).toBe(text);
  });

  test('$API_KEY is the one thing the shell expands', async () => {
    const word = shellQuote("Bearer $API_KEY'$HOME");
    expect(await shellWord(word, { API_KEY: 'k-1', HOME: '/nowhere' })).toBe("Bearer k-1'$HOME");
  });

  test('one option per line, implied headers left out, the body as --data-raw', () => {
    const command = curlCommand({
      method: 'POST',
      url: 'http://127.0.0.1:4010/agents/a1/archive',
      headers: { authorization: 'Bearer $API_KEY', 'content-length': '2', 'content-type': 'application/json' },
      body: '{}',
    });
    expect(command).toBe(
      [
        "curl -sS -i -X POST 'http://127.0.0.1:4010/agents/a1/archive' \\",
        `  -H 'authorization: Bearer '"$API_KEY" \\`,
        "  -H 'content-type: application/json' \\",
        "  --data-raw '{}'",
      ].join('\n'),
    );
  });

  test.skipIf(!CURL)('the command, run by a shell, sends the recorded request (key from $API_KEY)', async () => {
    await withServer(async (server) => {
      server.script((_req, res) => void res.writeHead(200, { 'content-type': 'application/json' }).end('{}'));
      const body = `{"note":"it's $HOME and \`id\`"}`;
      const command = curlCommand({
        method: 'PATCH',
        url: `${server.url}/agents/a%201?x=1&y='2'`,
        headers: {
          authorization: 'Bearer $API_KEY',
          prefer: 'code=200, example=a b',
          'content-type': 'application/json',
        },
        body,
      });
      const { stdout } = await run(SH, ['-c', command], {
        env: { PATH: `${CURL!.replace(/\/curl$/, '')}:${process.env.PATH}`, API_KEY: 'the-key', HOME: '/nowhere' },
      });
      expect(stdout).toMatch(/^HTTP\/1\.1 200/);
      const [seen] = server.requests;
      expect(seen!.method).toBe('PATCH');
      expect(seen!.url).toBe("/agents/a%201?x=1&y='2'");
      expect(seen!.headers.authorization).toBe('Bearer the-key');
      expect(seen!.headers.prefer).toBe('code=200, example=a b');
      expect(seen!.body).toBe(body);
    });
  });
});

describe('bodies', () => {
  test('pretty-printed two spaces a level, each line with its JSON pointer', () => {
    const lines = prettyLines('{"a/b":1,"list":[true,{"c":null}],"e":{},"f":[]}')!;
    expect(lines.map((l) => `${'  '.repeat(l.depth)}${l.text}`).join('\n')).toBe(
      [
        '{',
        '  "a/b": 1,',
        '  "list": [',
        '    true,',
        '    {',
        '      "c": null',
        '    }',
        '  ],',
        '  "e": {},',
        '  "f": []',
        '}',
      ].join('\n'),
    );
    expect(lines.map((l) => l.pointer)).toEqual([
      '',
      '/a~1b',
      '/list',
      '/list/0',
      '/list/1',
      '/list/1/c',
      '/list/1',
      '/list',
      '/e',
      '/f',
      '',
    ]);
  });

  test('an excerpt cut mid-body still prints up to the cut; text that is not JSON is left alone', () => {
    const lines = prettyLines('{"data":[{"id":"a"},{"id":"b", "na…')!;
    expect(lines.at(-1)!.text).toBe('"na…');
    expect(lines.find((l) => l.text === '"id": "b",')!.pointer).toBe('/data/1/id');
    expect(prettyLines('id,name\n1,x')).toBeUndefined();
  });

  test('schema errors are read from a reason per call, with the missing property named', () => {
    const byCall = problemsByCall(failing().checks[1]!.reason!, ['get', 'raw']);
    expect(byCall.get('get')).toEqual([
      { pointer: '/data/0/name', message: 'must be string' },
      { pointer: '', message: "must have required property 'owner'", missing: 'owner' },
    ]);
    expect(byCall.get('raw')).toEqual([{ pointer: '/total', message: 'must be integer' }]);
  });

  test('the failing pointer is highlighted and a missing property is shown where it belongs', () => {
    const { document } = parseHTML(renderHtml(report([failing()])));
    const call = document.querySelector('.card .call')!;
    const actual = call.querySelector('.actual .body')!;
    expect([...actual.querySelectorAll('.hl')].map((l) => l.textContent)).toEqual([
      '      "name": 1, ← must be string',
    ]);
    const added = actual.querySelector('.add')!;
    expect(added.textContent).toContain('"owner"');
    expect(added.nextElementSibling!.textContent).toBe('}'); // just before the root object closes
    expect(call.querySelector('.expected')!.textContent).toContain('/data/0/name must be string');
    expect(call.querySelector('.curl pre')!.textContent).toContain(`-H 'authorization: Bearer '"$API_KEY"`);
  });
});

describe('the page', () => {
  const hostile = '<script>alert(1)</script>"\' onmouseover="alert(2)\u001b[31m\u0000\u2028';
  const html = renderHtml(
    report([
      failing({
        vendor: hostile,
        operation: hostile,
        label: hostile,
        route: `GET /${hostile}`,
        specLocation: hostile,
        checks: [
          { name: 'response_schema_conformance', outcome: 'failed', reason: `get: ${hostile}`, location: hostile },
        ],
        exchanges: [
          {
            call: 'get',
            request: {
              method: 'GET',
              url: `http://127.0.0.1:1/${hostile}`,
              headers: { 'x-h': hostile },
              body: hostile,
            },
            response: { status: 500, contentType: hostile, body: `{"${hostile}":"${hostile}"}` },
            expected: { status: hostile, contentTypes: [hostile], schemaLocation: hostile, schema: hostile },
          },
        ],
      }),
      { ...failing({ vendor: hostile, outcome: 'skipped', kind: 'out_of_scope', checks: [], exchanges: [] }), id: 'x' },
    ]),
  );

  test('escapes every vendor text: no markup, no handler, no raw control character', () => {
    expect(html).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u2028]/);
    const { document } = parseHTML(html);
    expect(document.querySelectorAll('script')).toHaveLength(1);
    const handlers = [...document.querySelectorAll('*')].flatMap((e) =>
      [...e.attributes].filter((a) => a.name.startsWith('on')).map((a) => a.name),
    );
    expect(handlers).toEqual([]);
    expect(document.querySelector('.card h3')!.textContent).toContain('<script>alert(1)</script>');
    expect(escapeHtml('\u001b[31m')).toBe('\\u{1b}[31m');
  });

  test('is self-contained, with the search box, the legend and the not-run cases folded', () => {
    expect(html).not.toMatch(/<(script|link|img|iframe)[^>]+(src|href)=/i);
    expect(html).not.toMatch(/https?:\/\/(?!127\.0\.0\.1)/);
    const { document } = parseHTML(html);
    expect(document.querySelector('header.top #search')).not.toBeNull();
    expect(document.querySelector('header.top #legend')!.textContent).toContain('response_schema_conformance');
    expect(html).toContain('@media (prefers-color-scheme:dark)');
    const group = document.querySelector('tbody.group')!;
    expect(group.querySelector('.group-head button')!.textContent).toMatch(/^1 .* cases out of scope/s);
    expect(document.querySelector('tbody.run')!.querySelectorAll('tr')).toHaveLength(1);
    expect(document.querySelector('tbody.run td.ms')!.textContent).toBe('42 ms');
  });
});

describe('spec defects in the HTML card', () => {
  test("each located check names whose spec it is: ours (failing) or the vendor's", () => {
    const at = 'generated/acme/openapi.yaml#/paths/~1agents/get/responses/200/content/application~1json/example';
    const located = (owner: 'ours' | 'vendor_spec') => ({
      name: 'response_schema_conformance' as const,
      outcome: 'failed' as const,
      reason: "the mock served the spec's own example, which breaks its schema",
      owner,
      location: at,
    });
    const ours = failing({ checks: [located('ours')] });
    const vendors = failing({
      id: 'acme getAgent 200 (vendor)',
      outcome: 'vendor_spec_defect',
      checks: [located('vendor_spec')],
    });
    const { document } = parseHTML(renderHtml(report([ours, vendors])));
    const where = (c: Element) =>
      [...c.querySelectorAll('.where')].map((w) => w.textContent!.trim()).filter((t) => !t.startsWith('case from'));
    expect(where(document.querySelector('.card-failed')!)).toEqual([`defect in our spec at ${at}`]);
    expect(where(document.querySelector('.card-vendor_spec_defect')!)).toEqual([`vendor spec defect at ${at}`]);
  });
});
