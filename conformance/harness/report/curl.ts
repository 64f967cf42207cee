// A copy-paste `curl` for a recorded request, so that a failure can be replayed against the mock. The
// recorded request has the key written `$API_KEY` (see excerpt.ts); here that placeholder is the only
// thing the shell expands: everything else is single-quoted, vendor text included.

import type { ExchangeExcerpt } from '../../suite/context.js';
import { API_KEY_PLACEHOLDER } from '../../suite/exchange.js';

/** Headers curl or the runtime sets itself; replaying them would only add noise. */
const IMPLIED = new Set(['content-length', 'host', 'connection', 'accept-encoding']);

/** Single-quotes `text` for a POSIX shell, splicing `"$API_KEY"` in where the key was. */
export function shellQuote(text: string): string {
  return text
    .split(API_KEY_PLACEHOLDER)
    .map((part) => `'${part.replace(/'/g, `'\\''`)}'`)
    .join(`"${API_KEY_PLACEHOLDER}"`)
    .replace(/^''(?=.)/, '')
    .replace(/(?<=.)''$/, '');
}

/** `curl -i -X METHOD 'url' -H '…' --data-raw '…'`, one option per line. */
export function curlCommand(request: ExchangeExcerpt['request']): string {
  const lines = [`curl -sS -i -X ${request.method} ${shellQuote(request.url)}`];
  for (const [name, value] of Object.entries(request.headers ?? {})) {
    if (!IMPLIED.has(name.toLowerCase())) lines.push(`  -H ${shellQuote(`${name}: ${value}`)}`);
  }
  if (request.body !== undefined) lines.push(`  --data-raw ${shellQuote(request.body)}`);
  return lines.join(' \\\n');
}

/** Whether the command needs `API_KEY` set in the shell. */
export const needsApiKey = (request: ExchangeExcerpt['request']): boolean =>
  JSON.stringify(request).includes(API_KEY_PLACEHOLDER);
