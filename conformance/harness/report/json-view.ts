// Bodies for the HTML report: pretty-printed with the JSON pointer of every line, so that the pointer a
// schema error names can be highlighted (and a missing required property shown where it belongs). The
// printer tokenises rather than parses: an excerpt cut mid-body still prints, up to the cut.

export interface BodyLine {
  depth: number;
  text: string;
  /** The JSON pointer of the value the line starts (or closes), `''` for the root. */
  pointer: string;
}

/** One schema error of a failing check, located in the body (`pointer`, ajv's instancePath). */
export interface BodyProblem {
  pointer: string;
  message: string;
  /** `must have required property 'x'`: the property that is missing under `pointer`. */
  missing?: string;
}

const escapeToken = (token: string) => token.replace(/~/g, '~0').replace(/\//g, '~1');

type Frame = { kind: 'object' | 'array'; pointer: string; index: number; key?: string };

/** Pretty-prints JSON text, two spaces per level; `undefined` when the text does not start like JSON. */
export function prettyLines(text: string): BodyLine[] | undefined {
  const trimmed = text.trimStart();
  if (!/^[[{]/.test(trimmed)) return undefined;
  const tokens = trimmed.match(/"(?:[^"\\]|\\.)*"?|[{}[\],:]|[^\s{}[\],:"]+/g) ?? [];
  const lines: BodyLine[] = [];
  const stack: Frame[] = [];
  let current: BodyLine | undefined;
  // The pointer of the value about to start: the key just read, or the next array index.
  const nextPointer = (): string => {
    const top = stack.at(-1);
    if (!top) return '';
    return top.kind === 'array' ? `${top.pointer}/${top.index}` : `${top.pointer}/${escapeToken(top.key ?? '')}`;
  };
  const startLine = (pointer: string): BodyLine => {
    const line = { depth: stack.length, text: '', pointer };
    lines.push(line);
    return line;
  };
  let expectKey = false;
  for (const token of tokens) {
    const top = stack.at(-1);
    if (token === '{' || token === '[') {
      const pointer = nextPointer();
      if (!current) current = startLine(pointer);
      current.text += token;
      stack.push({ kind: token === '{' ? 'object' : 'array', pointer, index: 0 });
      current = undefined;
      expectKey = token === '{';
    } else if (token === '}' || token === ']') {
      const frame = stack.pop();
      const last = lines.at(-1);
      // `{}` and `[]` stay on one line.
      const empty = last && frame && last.pointer === frame.pointer && /[[{]$/.test(last.text);
      const line = empty ? last : startLine(frame?.pointer ?? '');
      line.text += token;
      current = line;
    } else if (token === ',') {
      if (current) current.text += ',';
      if (top?.kind === 'array') top.index++;
      current = undefined;
      expectKey = top?.kind === 'object';
    } else if (token === ':') {
      if (current) current.text += ': ';
    } else if (expectKey && top?.kind === 'object') {
      top.key = unquote(token);
      current = startLine(nextPointer());
      current.text += token;
      expectKey = false;
    } else {
      if (!current) current = startLine(nextPointer());
      current.text += token;
    }
  }
  return lines;
}

function unquote(token: string): string {
  try {
    return JSON.parse(token) as string;
  } catch {
    return token.replace(/^"|"$/g, '');
  }
}

const SCHEMA_ERROR = /(?:^|: |; )(\/[^\s;|]*|\(root\)) ([^;|]+)/g;

/**
 * The schema errors in a check's one-line reason (`call: /data/0 must be string; … | call2: …`), per
 * call. A part without a known call label applies to every call.
 */
export function problemsByCall(reason: string, calls: readonly string[]): Map<string | undefined, BodyProblem[]> {
  const byCall = new Map<string | undefined, BodyProblem[]>();
  for (const part of reason.split(' | ')) {
    const colon = part.indexOf(': ');
    const call = colon > 0 && calls.includes(part.slice(0, colon)) ? part.slice(0, colon) : undefined;
    const detail = call ? part.slice(colon + 2) : part;
    const found: BodyProblem[] = [];
    for (const m of detail.matchAll(SCHEMA_ERROR)) {
      const pointer = m[1] === '(root)' ? '' : m[1]!;
      const message = m[2]!.trim();
      const missing = /must have required property '([^']+)'/.exec(message)?.[1];
      found.push({ pointer, message, ...(missing !== undefined ? { missing } : {}) });
    }
    if (found.length) byCall.set(call, [...(byCall.get(call) ?? []), ...found]);
  }
  return byCall;
}

/** Whether a line sits at or under `pointer`. */
export const under = (line: BodyLine, pointer: string): boolean =>
  line.pointer === pointer || line.pointer.startsWith(`${pointer}/`);
