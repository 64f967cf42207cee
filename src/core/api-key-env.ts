// The one convention for where a vendor's key lives in the environment: the client's default and the CLI's.

/** `AGENT_LIFECYCLE_<VENDOR>_API_KEY`, the vendor upper-cased and anything else (`-`, `.`) turned into `_`. */
export function apiKeyEnvName(provider: string): string {
  return `AGENT_LIFECYCLE_${provider.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_API_KEY`;
}

/** The environment when there is one (Node, Bun, Deno's `process`); undefined in a browser. */
export function environment(): Record<string, string | undefined> | undefined {
  return (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
}
