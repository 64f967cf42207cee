// Vendor text (operationIds, summaries, error messages, bodies) is untrusted: an ESC in it could
// retitle a terminal, hide a line or fake a colour, and a line break could forge a log record. Every
// such text passes through `printable` before it reaches a terminal, a log line or a journal.

// C0 and C1 controls, DEL; line and paragraph separators; bidirectional overrides and isolates (they
// reorder what is shown); lone surrogates and the noncharacters U+FFFE/U+FFFF.
const UNPRINTABLE =
  /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function escapeChar(ch: string): string {
  const named = NAMED[ch];
  if (named) return named;
  const code = ch.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/**
 * `text` with every character that could drive a terminal or break a line written as a visible escape
 * (`\x1b`, `\n`, `\u202e`): the result is one line of printable characters. Printable text, including
 * non-ASCII letters and emoji, is unchanged.
 */
export function printable(text: string): string {
  return text.replace(UNPRINTABLE, escapeChar);
}

/** Any message, however it was built, as a single line: line breaks and the space around them become one space. */
export function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ').trim();
}
