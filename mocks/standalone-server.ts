// The fake Twilio as a real HTTP server on loopback, for any Twilio client (twilio-node in the conformance tests,
// curl, the CLI). One Node request → one web Request → fake.fetch → the web Response.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getRequestListener } from '@hono/node-server';
import { createFakeTwilio, type FakeAuth, type FakeKnobs, type FakeTwilio } from './fake-twilio.ts';

export type { FakeAuth, FakeKnobs, FakeTwilio };

export interface StartFakeTwilioServerOptions {
  /** 0 picks a free port. */
  port: number;
  host?: string;
  auth?: FakeAuth;
  knobs?: Partial<FakeKnobs>;
}

export interface FakeTwilioServer {
  /** e.g. http://127.0.0.1:4010 (no trailing slash). */
  url: string;
  fake: FakeTwilio;
  close(): Promise<void>;
}

export async function startFakeTwilioServer(
  options: StartFakeTwilioServerOptions,
): Promise<FakeTwilioServer> {
  const fake = createFakeTwilio({ auth: options.auth, knobs: options.knobs });
  const host = options.host ?? '127.0.0.1';
  const server: Server = createServer(getRequestListener((request) => fake.fetch(request)));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}`,
    fake,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
