// Every public option documents its default (`@default` in its JSDoc), so editors show it on hover.
import { readFileSync } from 'node:fs';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const OPTION_INTERFACES: Record<string, string[]> = {
  'src/client/types.ts': ['ClientOptionsBase'],
  'src/core/types.ts': ['CallOptions', 'ListOptions', 'AttemptObserver'],
  'src/bulk/types.ts': ['BulkOptions'],
};

/** The optional members of `name` in `file` whose JSDoc lacks `@default`. */
function undocumented(file: string, name: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const found = source.statements.find(
    (s): s is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(s) && s.name.text === name,
  );
  if (!found) throw new Error(`${file}: no interface ${name}`);
  return found.members
    .filter((m) => m.questionToken !== undefined)
    .filter((m) => !ts.getJSDocTags(m).some((tag) => tag.tagName.text === 'default'))
    .map((m) => `${name}.${m.name?.getText(source)}`);
}

describe('option docs', () => {
  for (const [file, names] of Object.entries(OPTION_INTERFACES))
    for (const name of names)
      it(`${name}: every optional member has @default`, () => {
        expect(undocumented(file, name)).toEqual([]);
      });

  it('notices a missing @default', () => {
    const file = 'src/core/types.ts';
    const text = readFileSync(file, 'utf8');
    expect(undocumented(file, 'CallOptions')).toEqual([]);
    // The same check on a copy with one tag removed must name the member.
    const stripped = text.replace('@default none (the client', '(the client');
    expect(stripped).not.toBe(text);
    const source = ts.createSourceFile(file, stripped, ts.ScriptTarget.Latest, true);
    const iface = source.statements.find(
      (s): s is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(s) && s.name.text === 'CallOptions',
    )!;
    const missing = iface.members.filter((m) => !ts.getJSDocTags(m).some((t) => t.tagName.text === 'default'));
    expect(missing.map((m) => m.name?.getText(source))).toEqual(['headers']);
  });
});
