import type { AgentClient, LifecycleOperation } from '../index.js';
import { UsageError } from './exit-codes.js';

const COMMAND: Record<LifecycleOperation, string> = {
  archive: 'archive',
  unarchive: 'unarchive',
  delete: 'delete',
  discardDraft: 'discard-draft',
  get: 'get',
  list: 'list',
};

/** Refuse, before any request, a command the provider has no operation for. */
export function assertSupported(client: AgentClient, operation: LifecycleOperation): void {
  if (client.supports(operation)) return;
  const supported = (Object.keys(COMMAND) as LifecycleOperation[])
    .filter((op) => client.supports(op))
    .map((op) => COMMAND[op]);
  throw new UsageError(
    `${client.provider} has no ${COMMAND[operation]} operation (it supports: ${supported.join(', ')})`,
  );
}
