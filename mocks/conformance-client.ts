// The conformance suites' peer: Twilio's own Node library (twilio 6) against the standalone fake on a random loopback
// port. Its host-rewriting httpClient is the only adaptation; everything else (paging, null encoding, errors) is the
// library's.
import twilio from 'twilio';
import RequestClient from 'twilio/lib/base/RequestClient';
import RestException from 'twilio/lib/base/RestException';
import { afterAll, beforeAll, beforeEach, expect } from 'vitest';
import { SEED } from './seed.ts';
import { type FakeTwilioServer, startFakeTwilioServer } from './standalone-server.ts';

export const ACCOUNT_SID = SEED.accountSid;
const AUTH_TOKEN = 'conformance-token';

/** Sends twilio-node's absolute production URLs (first requests and the next_page_urls it follows) to the fake. */
class LoopbackRequestClient extends RequestClient {
  constructor(private readonly base: string) {
    super();
  }

  override request<TData>(opts: RequestClient.RequestOptions<TData>) {
    const uri = opts.uri.replace(
      /^https:\/\/(chat|ip-messaging|conversations)\.twilio\.com\//,
      (_, host: string) => `${this.base}/${host}/`,
    );
    if (uri === opts.uri) throw new Error(`not a host the fake serves: ${opts.uri}`);
    return super.request({ ...opts, uri });
  }
}

export interface ConformancePeer {
  server: FakeTwilioServer;
  client: twilio.Twilio;
  /** A client with the right account SID and the wrong auth token. */
  clientWithToken(token: string): twilio.Twilio;
}

/** Starts the fake and a twilio-node client for the test file (reset before each test, closed after all). */
export function startConformancePeer(): ConformancePeer {
  const peer = {} as ConformancePeer;
  beforeAll(async () => {
    peer.server = await startFakeTwilioServer({
      port: 0,
      auth: { accountSid: ACCOUNT_SID, username: ACCOUNT_SID, password: AUTH_TOKEN },
    });
    peer.clientWithToken = (token) =>
      twilio(ACCOUNT_SID, token, { httpClient: new LoopbackRequestClient(peer.server.url) });
    peer.client = peer.clientWithToken(AUTH_TOKEN);
  });
  beforeEach(() => peer.server.fake.reset());
  afterAll(() => peer.server.close());
  return peer;
}

/** twilio-node does not encode path segments (a raw `#` would truncate the path): callers must. */
export const enc = encodeURIComponent;

export async function restError(promise: Promise<unknown>): Promise<RestException> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(RestException);
  return error as RestException;
}
