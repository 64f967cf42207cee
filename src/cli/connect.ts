import {
  type AgentClient,
  createAgentClient,
  type FetchLike,
  InvalidInputError,
  type ProviderName,
  providers,
} from '../index.js';
import { resolveApiKey } from './api-key.js';
import { UsageError } from './exit-codes.js';
import type { Output } from './output.js';

/** The flag that sets each client option the CLI exposes. */
const OPTION_FLAGS: Record<string, string> = {
  baseUrl: '--base-url',
  allowInsecureHttp: '--allow-insecure-http',
  timeoutMs: '--timeout',
  maxRetries: '--max-retries',
};

export interface ConnectionFlags {
  provider: ProviderName;
  apiKeyEnv?: string;
  baseUrl?: string;
  dryRun?: boolean;
  /** Per attempt, ms. */
  timeout?: number;
  maxRetries?: number;
  allowInsecureHttp?: boolean;
  /** Debug lines (requests, retries; the key masked) on stderr. */
  verbose?: boolean;
}

/** A request a dry run would have sent. */
export interface PlannedRequest {
  method: string;
  url: string;
  body?: string;
}

export interface Connection {
  client: AgentClient;
  /** The API base URL requests go to (shown before anything destructive). */
  baseUrl: string;
  /** Dry run only: what the client tried to send since the last `takePlanned()`. */
  takePlanned(): PlannedRequest[];
}

/** Where requests go: `--base-url`, else the vendor's default. */
export function baseUrlOf(flags: Pick<ConnectionFlags, 'provider' | 'baseUrl'>): string {
  return flags.baseUrl ?? providers[flags.provider].defaultBaseUrl;
}

class DryRunStop extends Error {}

/** --verbose: the client's debug and warn lines on stderr, through the redacting output. */
function stderrLogger(output: Output) {
  const line = (level: string) => (message: string, data?: Record<string, unknown>) =>
    output.err(`${level} ${message}${data ? ` ${JSON.stringify(data)}` : ''}`);
  return { debug: line('debug'), warn: line('warn') };
}

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
      ...(flags.timeout !== undefined ? { timeoutMs: flags.timeout } : {}),
      ...(flags.maxRetries !== undefined ? { maxRetries: flags.maxRetries } : {}),
      ...(flags.allowInsecureHttp ? { allowInsecureHttp: true } : {}),
      ...(flags.verbose ? { logger: stderrLogger(output) } : {}),
      ...(fetch ? { fetch, maxRetries: 0 } : {}),
    });
  } catch (error) {
    if (error instanceof InvalidInputError) {
      // The library names its own options; a CLI user has flags for them.
      const flag = error.option === undefined ? undefined : OPTION_FLAGS[error.option];
      const override =
        error.override === undefined ? '' : ` (pass ${OPTION_FLAGS[error.override] ?? error.override} to override)`;
      throw new UsageError(`${flag ? `${flag}: ` : ''}${error.reason}${override}`);
    }
    throw error;
  }
  return {
    client,
    baseUrl: baseUrlOf(flags),
    takePlanned() {
      const taken = planned;
      planned = [];
      return taken;
    },
  };
}
