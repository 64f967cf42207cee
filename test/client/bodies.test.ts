import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConnectionError, NotFoundError, TimeoutError } from '../../src/index.js';
import { client, type Handler, json, recorder, rejection } from '../helpers/fetch-stubs.js';

const encoder = new TextEncoder();

/** A 200 whose body sends `first`, then fails like a reset socket. */
const resetMidBody =
  (status: number, first: string): Handler =>
  () =>
    new Response(
      new ReadableStream({
        start(controller) {
          controller.enqueue(encoder.encode(first));
          controller.error(new TypeError('terminated'));
        },
      }),
      { status, headers: { 'content-type': 'application/json' } },
    );

/** Headers at once, then one chunk every `everyMs` (fake timers drive it). */
const trickle =
  (chunks: string[], everyMs: number): Handler =>
  () => {
    let i = 0;
    return new Response(
      new ReadableStream({
        async pull(controller) {
          await new Promise((r) => setTimeout(r, everyMs));
          if (i < chunks.length) controller.enqueue(encoder.encode(chunks[i++]!));
          else controller.close();
        },
      }),
      { status: 200, headers: { 'content-type': 'application/json' } },
    );
  };

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('response bodies are read inside the attempt', () => {
  it('a reset mid-body on a 200 is a ConnectionError, and is retried', async () => {
    vi.useFakeTimers();
    vi.spyOn(Math, 'random').mockReturnValue(0);
    const rec = recorder(
      resetMidBody(200, '{"type":"ag'),
      json(200, { type: 'agent', id: 'a', name: 'n', archived_at: null }),
    );
    const first = await rejection(client('qoder', rec.fetch).get('a'));
    expect(first).toBeInstanceOf(ConnectionError);
    const pending = client('qoder', rec.fetch, { maxRetries: 1 }).get('a');
    await vi.advanceTimersByTimeAsync(0);
    await expect(pending).resolves.toMatchObject({ id: 'a' });
  });

  it('a reset mid-body on a 500 is a ConnectionError too', async () => {
    const error = await rejection(client('ayra', recorder(resetMidBody(500, '{"error":')).fetch).delete('a'));
    expect(error).toBeInstanceOf(ConnectionError);
  });

  it('the timeout covers a body that trickles past it', async () => {
    vi.useFakeTimers();
    const body = JSON.stringify({ status: true, data: { message: 'Agent archived' } });
    const rec = recorder(trickle(body.match(/.{1,8}/g)!, 100));
    const pending = rejection(client('smallest', rec.fetch, { timeoutMs: 250 }).archive('a'));
    await vi.advanceTimersByTimeAsync(250);
    expect(await pending).toBeInstanceOf(TimeoutError);
  });

  it('a body that finishes within the timeout is fine', async () => {
    vi.useFakeTimers();
    const rec = recorder(trickle(['{"status":true,', '"data":null}'], 100));
    const pending = client('smallest', rec.fetch, { timeoutMs: 1000 }).discardDraft('a', 'd');
    await vi.advanceTimersByTimeAsync(300);
    await expect(pending).resolves.toMatchObject({ state: 'discarded' });
  });
});

describe('error size is bounded', () => {
  it('a 10 MB vendor message in a JSON envelope', async () => {
    const huge = 'y'.repeat(10 * 1024 * 1024);
    const error = await rejection(
      client(
        'qoder',
        recorder(json(404, { type: 'error', error: { type: 'not_found_error', message: huge } })).fetch,
      ).get('a'),
    );
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.message.length).toBeLessThan(4096);
    expect(error.vendorMessage.length).toBeLessThanOrEqual(2001);
    expect(JSON.stringify(error).length).toBeLessThan(10_000);
  });

  it('thousands of Smallest errors[] entries', async () => {
    const errors = Array.from({ length: 5000 }, (_, i) => `problem ${i} `.repeat(50));
    const error = await rejection(
      client('smallest', recorder(json(400, { status: false, errors })).fetch).archive('a'),
    );
    expect(error.message.length).toBeLessThan(4096);
    expect(error.body.errors.length).toBeLessThanOrEqual(100);
  });
});

describe('the buffered response handed to openapi-fetch behaves like a Response', () => {
  const agent = { type: 'agent', id: 'agent_1', name: 'n', archived: false, archived_at: null };
  const raw = () => client('qoder', recorder(json(200, agent, { 'x-request-id': 'r1' })).fetch).raw;
  const get = (parseAs: 'json' | 'text' | 'arrayBuffer' | 'blob' | 'stream') =>
    raw().GET('/agents/{agent_id}', { params: { path: { agent_id: 'agent_1' } }, parseAs });

  it('every parseAs reads the same bytes', async () => {
    expect((await get('json')).data).toEqual(agent);
    expect(JSON.parse((await get('text')).data as string)).toEqual(agent);
    expect(JSON.parse(new TextDecoder().decode((await get('arrayBuffer')).data as ArrayBuffer))).toEqual(agent);
    expect(JSON.parse(await ((await get('blob')).data as Blob).text())).toEqual(agent);
    expect(JSON.parse(await new Response((await get('stream')).data as ReadableStream).text())).toEqual(agent);
  });

  it('keeps status, statusText and headers; a read body is used, and reading it again fails', async () => {
    const { response } = await get('text');
    expect(response).toBeInstanceOf(Response);
    expect([response.status, response.ok, response.headers.get('x-request-id')]).toEqual([200, true, 'r1']);
    expect(response.bodyUsed).toBe(true);
    await expect(response.text()).rejects.toBeInstanceOf(TypeError);
    await expect(response.json()).rejects.toBeInstanceOf(TypeError);
  });

  it('a middleware can clone it and read the clone, then openapi-fetch reads the original', async () => {
    const c = raw();
    const seen: unknown[] = [];
    c.use({ onResponse: async ({ response }) => void seen.push(await response.clone().json()) });
    const { data } = await c.GET('/agents/{agent_id}', { params: { path: { agent_id: 'agent_1' } } });
    expect(seen).toEqual([agent]);
    expect(data).toEqual(agent);
  });
});
