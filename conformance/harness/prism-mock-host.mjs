// `node prism-mock-host.mjs <host> <document>...`: one process serving one Prism mock per document,
// each on a free port of <host>, as `prism mock <document> -h <host> -p 0 --multiprocess=false`
// does with its defaults (static examples, cors on, errors off, requests validated) — with Prism's
// own modules, resolved from @stoplight/prism-cli, so that the behaviour is the CLI's. One process
// instead of one per document: each Prism process spent a second of CPU loading those modules.
// Plain .mjs on purpose: it starts without any loader. Prints, per document, one line:
//   prism-mock-host <index> listening on <url>
//   prism-mock-host <index> failed <JSON string: what Prism said>
// and Prism's own log as JSON lines (pino) on stderr. Stays up until it is killed.
import { createRequire } from 'node:module';
import { inspect } from 'node:util';

const requireFromCli = createRequire(createRequire(import.meta.url).resolve('@stoplight/prism-cli/package.json'));
const { getHttpOperationsFromSpec } = requireFromCli('@stoplight/prism-http');
const { createServer } = requireFromCli('@stoplight/prism-http-server');
const { createLogger } = requireFromCli('@stoplight/prism-core');
const pino = requireFromCli('pino');
// The CLI's `--json-schema-faker-*` and `x-json-schema-faker` handling, as `prism mock` runs it.
const { configureExtensionsUserProvided } = requireFromCli('./dist/extensions.js');

const [host, ...documents] = process.argv.slice(2);
// The CLI's logger (its custom `start` level, level `info`), writing JSON lines to stderr.
const logger = createLogger(
  'CLI',
  {
    customLevels: { start: pino.levels.values.info + 1 },
    level: 'info',
    formatters: { level: (level) => ({ level }) },
  },
  process.stderr,
);

const say = (line) => process.stdout.write(`prism-mock-host ${line}\n`);

// One after the other: the JSON Schema Faker options are global, and each document sets them as
// it loads (as each `prism mock` process did at its start).
for (const [index, document] of documents.entries()) {
  try {
    const operations = await getHttpOperationsFromSpec(document);
    await configureExtensionsUserProvided(document, { fillProperties: undefined });
    if (operations.length === 0) throw new Error('No operations found in the current file.');
    const server = createServer(operations, {
      cors: true,
      config: {
        validateRequest: true,
        validateResponse: true,
        checkSecurity: true,
        errors: false,
        upstreamProxy: undefined,
        mock: { dynamic: false, ignoreExamples: false, seed: null },
        isProxy: false,
      },
      components: { logger: logger.child({ name: 'HTTP SERVER' }) },
    });
    const address = await server.listen(0, host);
    say(`${index} listening on ${address}`);
  } catch (err) {
    // What the CLI printed: the error as an inspected object (a parser error's `message:` line).
    say(`${index} failed ${JSON.stringify(inspect(err))}`);
  }
}
