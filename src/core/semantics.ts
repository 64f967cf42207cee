// What a vendor's answer means, as declared data: which field of its agent is the id, the name, the
// archived flag and time, where an operation's body holds the agent, and where a list's items and
// next cursor are. Providers declare it next to the code that reads those fields, as a `semantics`
// export of their file beside `provider` (not a field of it: apps do not ship it); the conformance
// suite reads it generically to derive, from the spec's own examples, what the façade must return
// (so a field the vendor renames fails conformance by name, not only the type-check).
import type { LifecycleOperation } from './types.js';

/** A top-level key of the vendor's agent object (any string for an untyped provider). */
export type AgentKey<Raw> = [Raw] extends [object] ? Extract<keyof Raw, string> : string;

/**
 * How `archived` reads: a boolean field; a field and the value that means archived
 * (`{ field: 'status', equals: 'archived' }`); a boolean field the vendor may leave out
 * (`optional: true`: then the archived time decides, non-null meaning archived); or `false`: the
 * vendor has no archived state, so it is always false.
 */
export type ArchivedField<Raw> =
  | AgentKey<Raw>
  | { field: AgentKey<Raw>; equals: string | boolean }
  | { field: AgentKey<Raw>; optional: true }
  | false;

/** Where the normalized Agent's fields are read in the vendor's agent object (any vendor's without `Raw`). */
// biome-ignore lint/suspicious/noExplicitAny: unlike unknown, any takes every vendor's AgentFields<Raw>
export interface AgentFields<Raw = any> {
  id: AgentKey<Raw>;
  name: AgentKey<Raw>;
  archived: ArchivedField<Raw>;
  /** `null`: the vendor documents no archive time, so it is always null. */
  archivedAt: AgentKey<Raw> | null;
}

/**
 * Where a list's next cursor comes from. Paths are dotted, from the body's root.
 * - `field`: the body's cursor field; with `more`, null when that flag is false.
 * - `nextPage`: page-numbered: the `page` field plus one while `more` is true, else null.
 * - `none`: the vendor documents no cursor: always null.
 * - `opaque`: built from more than the body (the request, a total): not derived; `why` says so.
 */
export type CursorSource =
  | { kind: 'field'; field: string; more?: string }
  | { kind: 'nextPage'; page: string; more: string }
  | { kind: 'none' }
  | { kind: 'opaque'; why: string };

/**
 * The declared meaning of a vendor's answers (see the file comment). A provider file declares it as
 * `export const semantics: ProviderSemantics<VendorAgent> = {…}` next to its `provider`: field names
 * are then checked against the vendor's agent type, and bundles that import only `provider` leave it
 * out. Without `Raw` it is any vendor's (field names are plain strings), which is what conformance reads.
 */
// biome-ignore lint/suspicious/noExplicitAny: unlike unknown, any takes every vendor's ProviderSemantics<Raw>
export interface ProviderSemantics<Raw = any> {
  agent: AgentFields<Raw>;
  /**
   * Where each operation's 2xx body holds the agent, as a dotted path ('' for the body itself). An
   * operation not listed answers no agent.
   */
  agentAt?: Partial<Record<Exclude<LifecycleOperation, 'list'>, string>>;
  /** A list page: where its agents are (dotted path, '' for a top-level array) and its cursor. */
  list?: { items: string; cursor: CursorSource };
}
