import type { ProviderSemantics } from './semantics.js';
import type { LifecycleOperation, OperationBinding, ProviderDefinition } from './types.js';

/** Each bound operation must be implemented: a binding without its method fails to compile. */
type Implemented<Ops, Paths extends {}, Name extends string, Raw> = {
  [K in keyof Ops & LifecycleOperation]-?: NonNullable<ProviderDefinition<Paths, Name, Raw>[K]>;
};

/**
 * Declares a provider with its types kept: `defineProvider<paths, VendorAgent>()({ name: 'acme', ... })`.
 * The literal name, the bound operations and the vendor's agent type then type the client: its
 * factory offers exactly these operations, results carry `provider: 'acme'` and `agent.raw:
 * VendorAgent`. Identity at run time. (Curried so that `paths` and the agent type are given while the
 * name and operations are inferred.)
 */
export function defineProvider<Paths extends {}, Raw = unknown>() {
  return <const Name extends string, const Ops extends Partial<Record<LifecycleOperation, OperationBinding<Paths>>>>(
    definition: ProviderDefinition<Paths, Name, Raw> & { operations: Ops } & Implemented<Ops, Paths, Name, Raw> & {
        // The agent's field names must be keys of the vendor's agent type: a renamed field fails to compile.
        semantics?: ProviderSemantics<Raw>;
      },
  ): Omit<ProviderDefinition<Paths, Name, Raw>, 'operations'> & { operations: Ops } => definition;
}
