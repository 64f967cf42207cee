import { apiKeyEnvName } from '../core/api-key-env.js';
import { UsageError } from './exit-codes.js';

/** Same convention as the client's default and the conformance runner's live mode. */
export const defaultKeyEnvName = apiKeyEnvName;

// Upper-case names are echoed in messages; anything else might be a key pasted in by mistake.
const SAFE_TO_PRINT = /^[A-Z_][A-Z0-9_]*$/;

/**
 * The key comes from the environment only: a flag value would sit in shell history and in `ps` output.
 * Never echoes anything that might be the key itself.
 */
export function resolveApiKey(
  provider: string,
  keyEnv: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): string {
  const name = keyEnv ?? defaultKeyEnvName(provider);
  const value = env[name];
  if (value !== undefined && value.trim() !== '') return value;
  if (keyEnv === undefined) {
    throw new UsageError(`no API key for ${provider}: set ${name}, or name another variable with --api-key-env <NAME>`);
  }
  if (SAFE_TO_PRINT.test(keyEnv))
    throw new UsageError(`--api-key-env: environment variable ${keyEnv} is not set or empty`);
  throw new UsageError(
    `--api-key-env takes the NAME of an environment variable (like ${defaultKeyEnvName(provider)}), not the key; that variable is not set`,
  );
}

/** Called before parsing, so the refusal explains itself instead of "unknown option". */
export function rejectKeyFlag(argv: readonly string[]): void {
  for (const arg of argv) {
    if (arg === '--') return;
    if (arg === '--api-key' || arg.startsWith('--api-key=') || arg === '--apiKey' || arg.startsWith('--apiKey=')) {
      throw new UsageError(
        '--api-key is not accepted: a key given as a flag stays in your shell history and process list; put it in AGENT_LIFECYCLE_<PROVIDER>_API_KEY or name a variable with --api-key-env <NAME>',
      );
    }
  }
}
