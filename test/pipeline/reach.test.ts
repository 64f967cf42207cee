// What `npm run update` type-checks for a vendor: the files that reach its schema.d.ts.
import fs from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { reachOf } from '../../scripts/pipeline/reach.js';
import { repoRoot, workspace } from '../helpers/workspace.js';

describe('reachOf', () => {
  it('follows importers transitively, through every import form, and nothing else', async () => {
    const ws = await workspace();
    const write = async (file: string, text: string) => {
      await fs.mkdir(path.dirname(path.join(ws.root, file)), { recursive: true });
      await fs.writeFile(path.join(ws.root, file), text);
    };
    await write('tsconfig.json', JSON.stringify({ include: ['src', 'test', 'top.ts'] }));
    await write('gen/v/schema.d.ts', 'export interface paths {}\n');
    await write('src/provider.ts', "import type { paths } from '../gen/v/schema.js';\nexport type P = paths;\n");
    await write('src/entry.ts', "export * from './provider.js';\n");
    await write('src/dir/index.ts', "export type Q = import('../entry.js').P;\n");
    await write('test/uses-dir.test.ts', "import '../src/dir';\n");
    await write('top.ts', "import { x } from './src/other.js';\n");
    await write('src/other.ts', "export const x = 1; // mentions '../gen/v/schema.js' only in a comment\n");
    expect(await reachOf(ws.root, 'gen/v/schema.d.ts')).toEqual([
      'gen/v/schema.d.ts',
      'src/dir/index.ts',
      'src/entry.ts',
      'src/provider.ts',
      'test/uses-dir.test.ts',
    ]);
  });

  it("a vendor's schema reaches its provider, entry and the type tests, not another vendor's", async () => {
    const reach = await reachOf(repoRoot, 'generated/qoder/schema.d.ts');
    expect(reach).toEqual(
      expect.arrayContaining(['src/providers/qoder.ts', 'src/qoder-client.ts', 'test/types/public-types.test-d.ts']),
    );
    expect(reach).not.toContain('src/providers/ayra.ts');
    expect(reach.some((f) => f.startsWith('generated/vocalis/'))).toBe(false);
  });
});
