// A report's excerpt of an exchange: the key written `$API_KEY` where a replayed request needs it,
// `***` where a server echoed it, and nothing changed when there is no key (mock runs without one).
import { describe, expect, test } from 'vitest';
import { excerpt } from '../../conformance/suite/excerpt.js';
import type { RecordedExchange } from '../../conformance/suite/exchange.js';

const exchange = (key: string): RecordedExchange => ({
  request: {
    method: 'POST',
    url: `http://127.0.0.1:1/agents?key=${key}`,
    headers: new Headers({ authorization: `Bearer ${key}` }),
    bodyText: `{"token":"${key}"}`,
  },
  response: {
    status: 401,
    headers: new Headers(),
    contentType: 'application/json',
    bodyText: `{"error":"bad key ${key}"}`,
  },
  networkError: `reset after ${key}`,
});

describe('exchange excerpt', () => {
  test('the key is a shell variable in the request and masked in what the server sent', () => {
    const shown = excerpt('archive', exchange('sk-live-123'), 'sk-live-123');
    expect(shown.request).toEqual({
      method: 'POST',
      url: 'http://127.0.0.1:1/agents?key=$API_KEY',
      headers: { authorization: 'Bearer $API_KEY' },
      body: '{"token":"$API_KEY"}',
    });
    expect(shown.response?.body).toBe('{"error":"bad key ***"}');
    expect(shown.networkError).toBe('reset after ***');
  });

  test('without a key nothing is rewritten', () => {
    const shown = excerpt('raw', exchange('x'), '');
    expect(shown.request.url).toBe('http://127.0.0.1:1/agents?key=x');
    expect(shown.request.body).toBe('{"token":"x"}');
    expect(shown.response?.body).toBe('{"error":"bad key x"}');
  });
});
