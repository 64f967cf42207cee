/**
 * Human batch output: consecutive ids that end the same way (same status, same error text) print as
 * one line with a count, so a 401 mid-batch reads `not sent  197 ids (a4 … a200)  …` instead of 197
 * identical lines. Successes stay one line per id. `--json` never collapses: it is one object per id.
 */
export interface Collapser {
  /** `text` is what follows the id on the line; lines with equal `status` and `text` collapse. */
  push(status: string, id: string, text: string, collapsible: boolean): void;
  /** Prints the run being held, if any. */
  flush(): void;
}

const width = 9;

export function createCollapser(print: (line: string) => void): Collapser {
  let held: { status: string; text: string; first: string; last: string; count: number } | undefined;
  const flush = () => {
    if (!held) return;
    const { status, text, first, last, count } = held;
    held = undefined;
    print(
      count === 1
        ? `${status.padEnd(width)} ${first}  ${text}`
        : `${status.padEnd(width)} ${count} ids (${first} … ${last})  ${text}`,
    );
  };
  return {
    push(status, id, text, collapsible) {
      if (held && held.status === status && held.text === text && collapsible) {
        held.count++;
        held.last = id;
        return;
      }
      flush();
      if (collapsible) held = { status, text, first: id, last: id, count: 1 };
      else print(`${status.padEnd(width)} ${id}  ${text}`);
    },
    flush,
  };
}
