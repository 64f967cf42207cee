// The messages of the type errors that guide (issue 24): each `@ts-expect-error <message>` in the
// "type errors that guide" block of public-types.test-d.ts is compiled without its directive, and the
// line must give exactly one error whose text contains <message>. `@ts-expect-error` alone only checks
// that some error occurs; this checks that it is the helpful one.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const FILE = resolve('test/types/public-types.test-d.ts');
const BLOCK = /describe\('type errors that guide'[\s\S]*?\n}\);\n/;
const DIRECTIVE = /^(\s*)\/\/ @ts-expect-error (.+)$/;

function expectations(text: string) {
  const block = BLOCK.exec(text);
  if (!block) throw new Error(`${FILE}: no "type errors that guide" block`);
  const first = text.slice(0, block.index).split('\n').length - 1;
  return block[0]
    .split('\n')
    .map((line, i) => ({ line: first + i, match: DIRECTIVE.exec(line) }))
    .filter((e) => e.match !== null)
    .map((e) => ({ line: e.line + 1, message: e.match![2]! }));
}

const literal = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('type errors name what is wrong', () => {
  it('each expected error in the block is the only one on its line and says what the comment says', () => {
    const text = readFileSync(FILE, 'utf8');
    const expected = expectations(text);
    expect(expected.length).toBeGreaterThanOrEqual(4);
    const lines = text.split('\n');
    // The directive becomes a plain comment, so tsc reports the error it was hiding.
    for (const { line } of expected) lines[line - 1] = lines[line - 1]!.replace('@ts-expect-error', 'expect:');
    const patched = lines.join('\n');

    const config = ts.getParsedCommandLineOfConfigFile(
      'tsconfig.json',
      {},
      { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} },
    )!;
    const host = ts.createCompilerHost(config.options);
    const readFile = host.readFile.bind(host);
    host.readFile = (name) => (resolve(name) === FILE ? patched : readFile(name));
    const getSourceFile = host.getSourceFile.bind(host);
    host.getSourceFile = (name, version, onError) =>
      resolve(name) === FILE ? ts.createSourceFile(name, patched, version) : getSourceFile(name, version, onError);
    const program = ts.createProgram([FILE], config.options, host);
    const source = program.getSourceFile(FILE)!;
    const byLine = new Map<number, string[]>();
    for (const d of program.getSemanticDiagnostics(source)) {
      const at = source.getLineAndCharacterOfPosition(d.start ?? 0).line;
      // The headline only: with overloads it is "No overload matches this call", the helpful part buried below.
      const headline = ts.flattenDiagnosticMessageText(d.messageText, '\n').split('\n')[0]!;
      byLine.set(at, [...(byLine.get(at) ?? []), headline]);
    }
    for (const { line, message } of expected) {
      // The error is on the line after the directive (the call it annotates), 0-based `line`.
      const got = byLine.get(line) ?? [];
      const pieces = message.split(' … ');
      expect({ line: line + 1, got }).toEqual({
        line: line + 1,
        got: [expect.stringMatching(new RegExp(pieces.map((p) => `(?=[\\s\\S]*${literal(p)})`).join('')))],
      });
    }
  });
});
