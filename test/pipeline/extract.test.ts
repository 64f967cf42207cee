import fs from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractYamlBlocks } from '../../scripts/pipeline/extract.js';
import { PipelineError } from '../../scripts/pipeline/pipeline-error.js';
import { smallestPages } from '../helpers/workspace.js';

describe('extractYamlBlocks', () => {
  it('returns each yaml block byte for byte as a slice of the real vendor pages', async () => {
    for (const name of await fs.readdir(smallestPages)) {
      const page = await fs.readFile(path.join(smallestPages, name), 'utf8');
      const blocks = extractYamlBlocks(page, name);
      expect(blocks, name).toHaveLength(1);
      const b = blocks[0]!;
      expect(b.text).toBe(page.slice(b.start, b.end));
      // Byte-level too: the UTF-8 bytes equal the page's bytes at that range (the pages have '—').
      const bytes = await fs.readFile(path.join(smallestPages, name));
      const startByte = Buffer.byteLength(page.slice(0, b.start));
      expect(Buffer.from(b.text).equals(bytes.subarray(startByte, startByte + Buffer.byteLength(b.text)))).toBe(true);
      expect(b.text.startsWith('openapi: 3.1.0\n')).toBe(true);
      // The block keeps its trailing blank line: nothing trimmed.
      expect(page.slice(b.end, b.end + 3)).toBe('```');
      expect(page.split('\n')[b.line - 1]).toBe('openapi: 3.1.0');
      expect(page.split('\n')[b.line - 2]).toBe('```yaml');
    }
  });

  it('ignores other languages, accepts yml and tilde fences, keeps CRLF bytes', () => {
    const page =
      'x\r\n```json\r\n{"a":1}\r\n```\r\n~~~yml\r\na: 1\r\n~~~\r\n````yaml title="x"\r\nb: |\r\n  ```\r\n````\r\n';
    const blocks = extractYamlBlocks(page, 'p.md');
    expect(blocks.map((b) => b.text)).toEqual(['a: 1\r\n', 'b: |\r\n  ```\r\n']);
    for (const b of blocks) expect(page.slice(b.start, b.end)).toBe(b.text);
  });

  it('rejects an unterminated yaml block with the fence line', () => {
    const err = (() => {
      try {
        extractYamlBlocks('# t\n\n```yaml\nopenapi: 3.1.0\n', 'pages/cut.md');
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(PipelineError);
    expect((err as PipelineError).where).toEqual({ file: 'pages/cut.md', line: 3, col: 1 });
    expect((err as PipelineError).message).toMatch(/unterminated/);
  });
});
