import { InvalidInputError } from '../client/errors.js';
import type { AgentClient, FetchLike } from '../client/types.js';
import { createAgentClient, type ProviderName } from '../index.js';
import { resolveApiKey } from './api-key.js';
import { UsageError } from './exit-codes.js';
import type { Output } from './output.js';

export interface ConnectionFlags {
  provider: ProviderName;
  apiKeyEnv?: string;
  baseUrl?: string;
  dryRun?: boolean;
}

/** A request a dry run would have sent. */
export interface PlannedRequest {
  method: string;
  url: string;
  body?: string;
}

export interface Connection {
  client: AgentClient;
  /** Dry run only: what the client tried to send since the last `takePlanned()`. */
  takePlanned(): PlannedRequest[];
}

class DryRunStop extends Error {}

/**
 * The client for a command. In a dry run the fetch records each request and sends nothing (the
 * client then fails with a ConnectionError, which the dry run ignores); no key is needed.
 */
export function connect(flags: ConnectionFlags, output: Output): Connection {
  let planned: PlannedRequest[] = [];
  let apiKey: string;
  let fetch: FetchLike | undefined;
  if (flags.dryRun) {
    apiKey = 'dry-run-no-key';
    fetch = async (request) => {
      const body = request.body === null ? '' : await request.text();
      planned.push({ method: request.method, url: request.url, ...(body ? { body } : {}) });
      throw new DryRunStop('dry run');
    };
  } else {
    apiKey = resolveApiKey(flags.provider, flags.apiKeyEnv);
    output.setSecret(apiKey);
  }
  let client: AgentClient;
  try {
    client = createAgentClient({
      provider: flags.provider,
      apiKey,
      ...(flags.baseUrl !== undefined ? { baseUrl: flags.baseUrl } : {}),
      ...(fetch ? { fetch, maxRetries: 0 } : {}),
    });
  } catch (error) {
    if (error instanceof InvalidInputError)
      throw new UsageError(error.message.startsWith('baseUrl') ? `--base-url: ${error.message}` : error.message);
    throw error;
  }
  return {
    client,
    takePlanned() {
      const taken = planned;
      planned = [];
      return taken;
    },
  };
}
