// The standalone fake Twilio in a process of its own, for the proxy benchmark (bench/sections/proxy.ts): the same
// fake Horizon's demo mode embeds, as a real HTTP server on a free loopback port, with a credential check.
import { startFakeTwilioServer } from '../mocks/standalone-server.ts';

const accountSid = process.env.BENCH_FAKE_ACCOUNT_SID;
const authToken = process.env.BENCH_FAKE_AUTH_TOKEN;
if (!accountSid || !authToken) {
  console.error('bench/fake-server.ts: set BENCH_FAKE_ACCOUNT_SID and BENCH_FAKE_AUTH_TOKEN');
  process.exit(1);
}

const server = await startFakeTwilioServer({
  port: 0,
  host: '127.0.0.1',
  auth: { accountSid, username: accountSid, password: authToken },
});
console.log(`fake twilio on ${server.url}`);

const stop = () => {
  server.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
