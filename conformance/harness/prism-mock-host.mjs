// `node prism-mock-host.mjs <host>`: one process serving Prism mocks, one per document it is handed,
// each on a free port of <host>, as `prism mock <document> -h <host> -p 0 --multiprocess=false`
// does with its defaults (static examples, cors on, errors off, requests validated) — with Prism's
// own modules, resolved from @stoplight/prism-cli, so that the behaviour is the CLI's. One process
// instead of one per document: each Prism process spent a second of CPU loading those modules; and
// it loads them as soon as it starts, while its parent is still preparing the documents.
// Plain .mjs on purpose: it starts without any loader.
// Reads stdin, one JSON line per document: {"index": <n>, "document": "<path>"}; prints, per document:
//   prism-mock-host <index> listening on <url>
//   prism-mock-host <index> failed <JSON string: what Prism said>
// and Prism's own log as JSON lines (pino) on stderr. Exits when stdin ends (its parent is gone).
import { createRequire } from 'node:module';
import { inspect } from 'node:util';

const requireFromCli = createRequire(createRequire(import.meta.url).resolve('@stoplight/prism-cli/package.json'));
const { getHttpOperationsFromSpec } = requireFromCli('@stoplight/prism-http');
const { createServer } = requireFromCli('@stoplight/prism-http-server');
const { createLogger } = requireFromCli('@stoplight/prism-core');
const pino = requireFromCli('pino');
// The CLI's `--json-schema-faker-*` and `x-json-schema-faker` handling, as `prism mock` runs it.
const { configureExtensionsUserProvided } = requireFromCli('./dist/extensions.js');

const host = process.argv[2];
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

/** Loads one document and listens; says which, either way. */
async function serve(index, document) {
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

// One document after the other: the JSON Schema Faker options are global, and each document sets
// them as it loads (as each `prism mock` process did at its start; only dynamic mode reads them).
let queue = Promise.resolve();
let buffered = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => {
  buffered += chunk;
  for (let nl = buffered.indexOf('\n'); nl >= 0; nl = buffered.indexOf('\n')) {
    const { index, document } = JSON.parse(buffered.slice(0, nl));
    buffered = buffered.slice(nl + 1);
    queue = queue.then(() => serve(index, document));
  }
});
process.stdin.on('end', () => process.exit(0));
