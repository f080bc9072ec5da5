import { HttpResponse, http } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import * as z from 'zod/mini';
import { server } from '../testing/fake-server.ts';
import {
  buildApiPath,
  CLIENT_HEADER,
  createApiClient,
  describeError,
  formEncode,
  ResponseShapeError,
  retryAfterMs,
  TwilioError,
} from './api-client.ts';

const okSchema = z.object({ ok: z.boolean() });

/** A client whose backoff waits are recorded instead of slept, with a fixed "random" for predictable jitter. */
function recordingClient(random = 0.5) {
  const waits: number[] = [];
  const client = createApiClient({
    sleep: async (ms, signal) => {
      if (signal?.aborted) throw signal.reason;
      waits.push(ms);
    },
    random: () => random,
  });
  return { client, waits };
}

describe('buildApiPath', () => {
  it('percent-encodes every segment once, so /, #, ?, %, + and spaces stay inside the identity', () => {
    expect(buildApiPath(['chat', 'v2', 'Services', 'IS1', 'Users', 'zoë smith/ops#1?50%+', 'Channels'])).toBe(
      '/api/chat/v2/Services/IS1/Users/zo%C3%AB%20smith%2Fops%231%3F50%25%2B/Channels',
    );
  });

  it('does not double-encode an identity that already looks encoded', () => {
    expect(buildApiPath(['Users', 'a%40b'])).toBe('/api/Users/a%2540b');
  });

  it('adds the query, leaving out undefined values', () => {
    expect(buildApiPath(['x'], { PageSize: 50, PageToken: undefined })).toBe('/api/x?PageSize=50');
  });
});

describe('formEncode', () => {
  it("sends null as an empty value (Twilio's way to clear a nullable field) and omits undefined", () => {
    expect(formEncode({ LastConsumedMessageIndex: null, NotificationLevel: undefined })).toBe(
      'LastConsumedMessageIndex=',
    );
  });

  it('repeats keys for arrays, writes booleans as true/false and encodes reserved characters', () => {
    expect(formEncode({ Identity: ['a', 'b'], Enabled: false, When: '2024-01-02T03:04:05Z' })).toBe(
      'Identity=a&Identity=b&Enabled=false&When=2024-01-02T03%3A04%3A05Z',
    );
  });
});

describe('requests', () => {
  it('sends the console header on reads and writes, and a form body on POST', async () => {
    const seen: Array<{ method: string; header: string | null; body: string; type: string | null }> = [];
    server.use(
      http.all('*/api/echo', async ({ request }) => {
        seen.push({
          method: request.method,
          header: request.headers.get(CLIENT_HEADER.name),
          body: await request.text(),
          type: request.headers.get('Content-Type'),
        });
        return HttpResponse.json({ ok: true });
      }),
    );
    const { client } = recordingClient();
    await client.get(['echo'], okSchema);
    await client.post(['echo'], { NotificationLevel: 'muted', LastConsumedMessageIndex: null }, okSchema);
    expect(seen).toEqual([
      { method: 'GET', header: 'console', body: '', type: null },
      {
        method: 'POST',
        header: 'console',
        body: 'NotificationLevel=muted&LastConsumedMessageIndex=',
        type: 'application/x-www-form-urlencoded',
      },
    ]);
  });

  it("turns Twilio's error body into a TwilioError with status, code, message and more_info", async () => {
    server.use(
      http.get('*/api/missing', () =>
        HttpResponse.json(
          {
            code: 20404,
            message: 'The requested resource was not found',
            more_info: 'https://www.twilio.com/docs/errors/20404',
            status: 404,
          },
          { status: 404 },
        ),
      ),
    );
    const error = await recordingClient()
      .client.get(['missing'], okSchema)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TwilioError);
    expect(error).toMatchObject({
      status: 404,
      code: 20404,
      message: 'The requested resource was not found',
      moreInfo: 'https://www.twilio.com/docs/errors/20404',
    });
    expect(describeError(error)).toBe('The requested resource was not found (Twilio error 20404)');
  });

  it('reports a non-JSON failure by its HTTP status', async () => {
    server.use(
      http.get(
        '*/api/gateway',
        () => new HttpResponse('<html>bad gateway</html>', { status: 502, statusText: 'Bad Gateway' }),
      ),
    );
    const error = await recordingClient()
      .client.get(['gateway'], okSchema)
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 502, code: null, message: 'HTTP 502 Bad Gateway', moreInfo: null });
  });

  it('rejects a response that does not match the schema with a readable ResponseShapeError', async () => {
    server.use(http.get('*/api/odd', () => HttpResponse.json({ ok: 'yes' })));
    const error = await recordingClient()
      .client.get(['odd'], okSchema)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResponseShapeError);
    expect((error as Error).message).toMatch(/^Unexpected response from \/api\/odd at ok: /);
  });

  it('rejects a 200 whose body is not JSON', async () => {
    server.use(http.get('*/api/text', () => new HttpResponse('hello', { status: 200 })));
    const error = await recordingClient()
      .client.get(['text'], okSchema)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResponseShapeError);
    expect((error as Error).message).toContain('not JSON');
  });
});

describe('retries', () => {
  function sequence(statuses: Array<{ status: number; retryAfter?: string }>) {
    let calls = 0;
    server.use(
      http.all('*/api/flaky', () => {
        const next = statuses[calls++];
        if (!next) return HttpResponse.json({ ok: true });
        const headers: Record<string, string> = next.retryAfter ? { 'Retry-After': next.retryAfter } : {};
        return HttpResponse.json(
          { code: next.status === 429 ? 20429 : 20503, message: 'slow down', status: next.status },
          { status: next.status, headers },
        );
      }),
    );
    return () => calls;
  }

  it('retries GETs on 429 and 503 with full-jitter exponential backoff, then succeeds', async () => {
    const calls = sequence([{ status: 429 }, { status: 503 }, { status: 429 }]);
    const { client, waits } = recordingClient(0.5);
    await expect(client.get(['flaky'], okSchema)).resolves.toEqual({ ok: true });
    expect(calls()).toBe(4);
    // random 0.5 × min(3000, 200 × 2^attempt)
    expect(waits).toEqual([100, 200, 400]);
  });

  it('honours Retry-After (seconds) instead of its own backoff', async () => {
    sequence([{ status: 429, retryAfter: '2' }]);
    const { client, waits } = recordingClient();
    await client.get(['flaky'], okSchema);
    expect(waits).toEqual([2000]);
  });

  it('gives up after 3 retries and reports the last error', async () => {
    const calls = sequence([
      { status: 429 },
      { status: 429 },
      { status: 429 },
      { status: 429 },
      { status: 429 },
    ]);
    const error = await recordingClient()
      .client.get(['flaky'], okSchema)
      .catch((e: unknown) => e);
    expect(calls()).toBe(4);
    expect(error).toMatchObject({ status: 429, code: 20429 });
  });

  it('never retries a POST (a write might have been applied) nor other errors', async () => {
    const calls = sequence([{ status: 429 }]);
    const { client } = recordingClient();
    await expect(client.post(['flaky'], {}, okSchema)).rejects.toMatchObject({ status: 429 });
    expect(calls()).toBe(1);

    let notFoundCalls = 0;
    server.use(
      http.get('*/api/gone', () => {
        notFoundCalls++;
        return HttpResponse.json({ code: 20404, message: 'nope', status: 404 }, { status: 404 });
      }),
    );
    await expect(client.get(['gone'], okSchema)).rejects.toMatchObject({ status: 404 });
    expect(notFoundCalls).toBe(1);
  });

  it('stops retrying when the caller aborts during the backoff', async () => {
    const calls = sequence([{ status: 429 }, { status: 429 }]);
    const controller = new AbortController();
    const client = createApiClient({
      sleep: async () => {
        controller.abort();
        throw controller.signal.reason;
      },
    });
    await expect(client.get(['flaky'], okSchema, { signal: controller.signal })).rejects.toMatchObject({
      name: 'AbortError',
    });
    expect(calls()).toBe(1);
  });

  it('passes the abort signal to fetch, so a view that goes away cancels its request', async () => {
    const fetchSpy = vi.fn<typeof fetch>(async () => HttpResponse.json({ ok: true }));
    const client = createApiClient({ fetch: fetchSpy });
    const controller = new AbortController();
    await client.get(['anything'], okSchema, { signal: controller.signal });
    expect(fetchSpy.mock.calls[0]?.[1]?.signal).toBe(controller.signal);
  });
});

describe('retryAfterMs', () => {
  it('reads seconds and HTTP dates, and ignores garbage', () => {
    expect(retryAfterMs('1.5')).toBe(1500);
    expect(retryAfterMs('Thu, 01 Jan 2026 00:00:10 GMT', Date.parse('2026-01-01T00:00:00Z'))).toBe(10_000);
    expect(retryAfterMs('soon')).toBeNull();
    expect(retryAfterMs(null)).toBeNull();
  });
});
