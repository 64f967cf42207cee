// Pulls ```yaml fenced blocks out of a vendor doc page without touching a byte: the text we
// parse is exactly page.slice(start, end), so a diff against the vendor's page is always empty.
import { PipelineError } from './pipeline-error.js';

export interface YamlBlock {
  /** The block's content, byte for byte (no fence lines). */
  text: string;
  /** UTF-16 offsets into the page: page.slice(start, end) === text. */
  start: number;
  end: number;
  /** 1-based line of the block's first content line in the page. */
  line: number;
}

// CommonMark fences: up to 3 spaces indent, 3+ backticks or tildes, then an info string.
const OPEN = /^ {0,3}(`{3,}|~{3,})[ \t]*([^`\s]*)[^`]*$/;

export function extractYamlBlocks(page: string, file: string): YamlBlock[] {
  const blocks: YamlBlock[] = [];
  let pos = 0;
  let lineNo = 1;
  let open: { fence: string; isYaml: boolean; start: number; line: number; openLine: number } | undefined;
  while (pos < page.length) {
    const nl = page.indexOf('\n', pos);
    const lineEnd = nl === -1 ? page.length : nl;
    const next = nl === -1 ? page.length : nl + 1;
    const line = page.slice(pos, lineEnd).replace(/\r$/, '');
    if (!open) {
      const m = OPEN.exec(line);
      if (m) {
        const lang = (m[2] ?? '').toLowerCase();
        open = {
          fence: m[1]!,
          isYaml: lang === 'yaml' || lang === 'yml',
          start: next,
          line: lineNo + 1,
          openLine: lineNo,
        };
      }
    } else if (isClosing(line, open.fence)) {
      if (open.isYaml) blocks.push({ text: page.slice(open.start, pos), start: open.start, end: pos, line: open.line });
      open = undefined;
    }
    pos = next;
    lineNo++;
  }
  if (open?.isYaml) {
    // A truncated download usually looks like this; parsing half a spec would hide it.
    throw new PipelineError(
      { file, line: open.openLine, col: 1 },
      'unterminated ```yaml block',
      'the page looks truncated: pull it again',
    );
  }
  return blocks;
}

function isClosing(line: string, fence: string): boolean {
  const m = /^ {0,3}(`{3,}|~{3,})[ \t]*$/.exec(line);
  return !!m && m[1]![0] === fence[0] && m[1]!.length >= fence.length;
}
