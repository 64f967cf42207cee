import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type PrismServer, startPrism } from '../../conformance/harness/prism.js';
import { lines, ROOT, runCli } from '../helpers/run-cli.js';

// Prism validates each request against the spec (auth, path, query) before it answers from the
// examples, so a 2xx here also means the CLI sent what the vendor documents.
let qoder: PrismServer | undefined;
let smallest: PrismServer | undefined;

beforeAll(async () => {
  [qoder, smallest] = await Promise.all([
    startPrism({ name: 'qoder', spec: join(ROOT, 'generated/qoder/openapi.yaml') }),
    startPrism({ name: 'smallest', spec: join(ROOT, 'generated/smallest/openapi.yaml') }),
  ]);
}, 60_000);

afterAll(async () => {
  await Promise.all([qoder?.stop(), smallest?.stop()]);
});

it('archives a batch on a Qoder mock (--json)', async () => {
  const run = await runCli([
    'archive',
    '--provider',
    'qoder',
    '--base-url',
    qoder!.url,
    '--json',
    'agent_a',
    'agent_b',
    'agent_a',
  ]);
  expect(run.code).toBe(0);
  const records = lines(run.stdout)
    .map((l) => JSON.parse(l))
    .sort((x, y) => x.id.localeCompare(y.id));
  expect(records.map((r) => [r.id, r.ok, r.result.state])).toEqual([
    ['agent_a', true, 'archived'],
    ['agent_b', true, 'archived'],
  ]);
  // --json: the summary is the last stderr line, as JSON.
  expect(JSON.parse(lines(run.stderr).at(-1)!)).toMatchObject({ provider: 'qoder', ids: 2, done: 2, exitCode: 0 });
});

it('gets and lists on a Qoder mock', async () => {
  const get = await runCli(['get', '--provider', 'qoder', '--base-url', qoder!.url, '--json', 'agent_a']);
  expect(get.code).toBe(0);
  expect(JSON.parse(get.stdout)).toMatchObject({ id: expect.any(String), archived: expect.any(Boolean) });
  const list = await runCli([
    'list',
    '--provider',
    'qoder',
    '--base-url',
    qoder!.url,
    '--include-archived',
    '--limit',
    '5',
  ]);
  expect(list.code).toBe(0);
  expect(list.stderr).toMatch(/^\d+ agents?; (last page|next page: --cursor \S+)\n$/);
});

it('archives, unarchives and discards a draft on a Smallest mock', async () => {
  const base = ['--provider', 'smallest', '--base-url', smallest!.url];
  const archive = await runCli(['archive', ...base, 's1', 's2']);
  expect(archive.code).toBe(0);
  expect(lines(archive.stdout)).toEqual(['done      s1  archived', 'done      s2  archived']);
  const unarchive = await runCli(['unarchive', ...base, '--ids-file', '-'], { input: 's1\ns2\n' });
  expect(unarchive.code).toBe(0);
  expect(lines(unarchive.stdout)).toEqual(['done      s1  active', 'done      s2  active']);
  const discard = await runCli(['discard-draft', ...base, 's1', 'draft_1']);
  expect(discard.code).toBe(0);
});

it('refuses operations the Smallest spec does not have, before sending anything', async () => {
  const run = await runCli(['delete', '--provider', 'smallest', '--base-url', smallest!.url, '--yes', 's1']);
  expect(run.code).toBe(2);
  expect(run.stderr).toBe(
    'agent-lifecycle: smallest has no delete operation (it supports: archive, unarchive, discard-draft, get, list)\n',
  );
});
