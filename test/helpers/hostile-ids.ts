// Hostile ids. `must: 'reject'` means InvalidInputError before any request is the only right answer
// (non-strings, empty, controls, dot segments, unencodable strings); `either` means rejecting is fine, and
// so is sending it, provided the server receives exactly the intended path segments.

export interface HostileId {
  label: string;
  value: unknown;
  must: 'reject' | 'either';
}

const strings: [string, string][] = [
  ['single space', ' '],
  ['whitespace only', ' \u00a0 '],
  ['../x', '../x'],
  ['../../admin', '../../admin'],
  ['a/b', 'a/b'],
  ['lone slash', '/'],
  ['a?b=1', 'a?b=1'],
  ['a#b', 'a#b'],
  ['%2F', '%2F'],
  ['%2e%2e', '%2e%2e'],
  ['%00', '%00'],
  ['lone percent', '%'],
  ['backslash', 'a\\b'],
  ['..\\x', '..\\x'],
  ['three dots', '...'],
  ['leading dot', '.hidden'],
  ['10,000 characters', 'x'.repeat(10_000)],
  ['emoji', '😀🤖'],
  ['RTL override', '\u202Eevil'],
  ['zero-width space', 'a\u200Bb'],
  ['BOM', '\uFEFFa'],
  ['combining acute', 'e\u0301'],
  ['full-width slash', 'a\uFF0Fb'],
  ['full-width dots', '\uFF0E\uFF0E'],
  ['division slash', 'a\u2215b'],
  ['line separator U+2028', 'a\u2028b'],
  ['string "null"', 'null'],
  ['string "undefined"', 'undefined'],
  ['__proto__', '__proto__'],
  ['space inside', 'a b'],
  ['SQL', "'; DROP TABLE agents;--"],
  ['HTML', '<script>alert(1)</script>'],
  ['matrix-like', ';a=1'],
  ['colon', 'a:b'],
  ['at sign', '@evil.example'],
  ['ampersand/equals', 'a&on=false'],
  ['plus', 'a+b'],
];

const controls: [string, string][] = [
  ['empty string', ''],
  ['.', '.'],
  ['..', '..'],
  ['NUL', '\u0000'],
  ['NUL inside', 'a\u0000b'],
  ['LF', '\n'],
  ['CRLF', '\r\n'],
  ['header injection', 'a\r\nX-Injected: 1'],
  ['TAB', '\t'],
  ['DEL', '\u007f'],
  ['C1 NEL', '\u0085'],
  ['ESC', '\u001b[31m'],
];

const nonStrings: [string, unknown][] = [
  ['null', null],
  ['undefined', undefined],
  ['0', 0],
  ['number', 123],
  ['NaN', NaN],
  ['Infinity', Infinity],
  ['negative', -1],
  ['bigint', 123n],
  ['true', true],
  ['object', {}],
  ['null-prototype object', Object.create(null)],
  ['empty array', []],
  ['array of id', ['agent_1']],
  ['{toString}', { toString: () => 'agent_1' }],
  ['String wrapper', new String('agent_1')],
  ['Symbol', Symbol('agent_1')],
  ['function', () => 'agent_1'],
  ['Date', new Date(0)],
];

export const HOSTILE_IDS: HostileId[] = [
  ...strings.map(([label, value]): HostileId => ({ label, value, must: 'either' })),
  ...controls.map(([label, value]): HostileId => ({ label, value, must: 'reject' })),
  ...nonStrings.map(([label, value]): HostileId => ({ label, value, must: 'reject' })),
  // Unpaired surrogates cannot be UTF-8 encoded, so no URL can carry them.
  { label: 'lone high surrogate', value: '\uD800', must: 'reject' },
  { label: 'lone low surrogate', value: 'a\uDC00', must: 'reject' },
];
