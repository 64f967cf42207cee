// Vendor text (operationIds, summaries, error messages, bodies) never reaches a terminal, a log line
// or a report raw: one escaping function (src/core/printable.ts) for terminals and logs; JUnit drops
// everything outside XML 1.0's Char production and stays well-formed.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderJUnit } from '../../conformance/harness/report/junit.js';
import type { RunReport } from '../../conformance/harness/report/model.js';
import { renderTerminal } from '../../conformance/harness/report/terminal.js';
import { describeError } from '../../src/cli/output.js';
import { printable } from '../../src/core/printable.js';
import { baseSpec, generateIn, hostileTree } from '../helpers/hostile-spec.js';

const ESC_TITLE = '\u001b]0;pwned\u0007';
const ESC_RED = '\u001b[31m';
const FFFE = '\ufffe';

describe('printable', () => {
  it('escapes controls, DEL, C1, bidi overrides, separators and noncharacters; keeps text', () => {
    expect(printable(`a${ESC_TITLE}b`)).toBe('a\\x1b]0;pwned\\x07b');
    expect(printable(`${ESC_RED}red\n\r\t\u007f\u009b`)).toBe('\\x1b[31mred\\n\\r\\t\\x7f\\x9b');
    expect(printable('x\u202eexe.txt\u2028\ufffe\ud800')).toBe('x\\u202eexe.txt\\u2028\\ufffe\\ud800');
    expect(printable('Agent – ünïcödé 🤖 "quotes"')).toBe('Agent – ünïcödé 🤖 "quotes"');
  });
});

describe('generate', () => {
  it('a renamed operationId with ESC sequences is printed escaped in the drift output', async () => {
    const tree = await hostileTree();
    expect((await generateIn(tree)).ok).toBe(true);
    const spec = baseSpec();
    // A renamed operationId is quoted in the drift line.
    spec.paths['/agents/{id}'].get.operationId = `get${ESC_TITLE}${ESC_RED}`;
    await fs.writeFile(path.join(tree.vendorDir, 'openapi.yaml'), JSON.stringify(spec));
    const r = await generateIn(tree);
    expect(r.ok, r.lines.join('\n')).toBe(true);
    const out = r.lines.join('\n');
    expect(out).toContain('operationId getAgent -> get\\x1b]0;pwned\\x07\\x1b[31m');
    expect(out).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
  });

  it('a refusal quoting a hostile $ref prints it escaped', async () => {
    const spec = baseSpec();
    spec.components.schemas.Agent.properties.name = { $ref: `/etc/${ESC_TITLE}` };
    const r = await generateIn(await hostileTree(spec));
    expect(r.ok).toBe(false);
    expect(r.lines[0]).toContain('/etc/\\x1b]0;pwned\\x07');
    expect(r.lines[0]).not.toContain('\u001b');
  });
});

function hostileReport(): RunReport {
  const text = `op${ESC_TITLE}${ESC_RED}${FFFE}\u0001`;
  return {
    schemaVersion: 1,
    startedAt: '2026-12-04T00:00:00.000Z',
    wallMs: 1000,
    versions: { agentLifecycle: '0', node: '20', prism: '5', vitest: '4' },
    vendors: [`acme`],
    totals: {
      cases: 1,
      passed: 0,
      failed: 1,
      byOutcome: { passed: 0, failed: 1, skipped: 0, not_covered: 0 } as never,
      checks: { passed: 0, failed: 1, not_applicable: 0 },
    },
    cases: [
      {
        id: `acme ${text} 200`,
        vendor: 'acme',
        operation: text,
        route: 'GET /a',
        label: `200 ${text}`,
        kind: 'status',
        outcome: 'failed',
        specLocation: `#/paths/${text}`,
        checks: [{ name: 'response_schema_conformance', outcome: 'failed', reason: `vendor said ${text}` }],
        exchanges: [
          {
            call: 'get',
            request: { method: 'GET', url: 'http://127.0.0.1/a', headers: {} },
            response: { status: 200, contentType: 'application/json', body: `{"m":"${text}\ud800"}`, headers: {} },
          } as never,
        ],
      },
    ],
  };
}

describe('conformance reports', () => {
  it('the terminal matrix prints no raw ESC or control character from vendor text', () => {
    const out = renderTerminal(hostileReport(), { columns: 200, color: false });
    expect(out).toContain('\\x1b]0;pwned');
    expect(out).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\ufffe]/);
  });

  it('with colour on, the only ESC sequences are our own SGR colours', () => {
    const out = renderTerminal(hostileReport(), { columns: 200, color: true });
    expect(out.replace(/\u001b\[(0|1|2|31|32|33)m/g, '')).not.toContain('\u001b');
  });

  it('JUnit drops characters outside XML 1.0 Char and parses with xmllint --noout', async () => {
    const xml = renderJUnit(hostileReport());
    expect(xml).not.toMatch(/[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/u);
    expect(xml).toContain('vendor said op]0;pwned');
    const hasXmllint = spawnSync('xmllint', ['--version']).status === 0;
    if (hasXmllint) {
      const file = path.join(await fs.mkdtemp(path.join((await import('node:os')).tmpdir(), 'al-junit-')), 'c.xml');
      await fs.writeFile(file, xml);
      expect(() => execFileSync('xmllint', ['--noout', file], { stdio: 'pipe' })).not.toThrow();
      await fs.rm(path.dirname(file), { recursive: true, force: true });
    }
  });
});

describe('CLI', () => {
  it('a vendor error message with ESC sequences is escaped in `get … failed:` lines', () => {
    const err = Object.assign(new Error(`agent not found ${ESC_TITLE}${ESC_RED}\nsecond line`), {
      name: 'NotFoundError',
    });
    const line = describeError(err);
    expect(line).toBe('NotFoundError: agent not found \\x1b]0;pwned\\x07\\x1b[31m second line');
  });
});
