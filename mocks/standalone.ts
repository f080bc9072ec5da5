// `npm run fake-twilio`: the fake Twilio on 127.0.0.1:FAKE_TWILIO_PORT (default 4010).
// FAKE_TWILIO_ACCOUNT_SID + FAKE_TWILIO_AUTH_TOKEN switch on the credential check; the FAKE_TWILIO_* knobs apply.
import { z } from 'zod';
import { knobsFromEnv } from './fake-twilio.ts';
import { SEED } from './seed.ts';
import { startFakeTwilioServer } from './standalone-server.ts';

const envSchema = z.object({
  FAKE_TWILIO_PORT: z.coerce.number().int().min(0).max(65_535).default(4010),
  FAKE_TWILIO_ACCOUNT_SID: z
    .string()
    .regex(/^AC[0-9a-fA-F]{32}$/, 'must be AC followed by 32 hex digits')
    .optional(),
  FAKE_TWILIO_AUTH_TOKEN: z.string().min(1).optional(),
});

const parsed = envSchema.safeParse(process.env);
if (!parsed.success) {
  console.error(`fake-twilio: bad environment\n${z.prettifyError(parsed.error)}`);
  process.exit(1);
}
const env = parsed.data;
if ((env.FAKE_TWILIO_ACCOUNT_SID === undefined) !== (env.FAKE_TWILIO_AUTH_TOKEN === undefined)) {
  console.error('fake-twilio: set both FAKE_TWILIO_ACCOUNT_SID and FAKE_TWILIO_AUTH_TOKEN, or neither');
  process.exit(1);
}

let knobs: ReturnType<typeof knobsFromEnv>;
try {
  knobs = knobsFromEnv(process.env);
} catch (error) {
  console.error(`fake-twilio: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}

const auth =
  env.FAKE_TWILIO_ACCOUNT_SID && env.FAKE_TWILIO_AUTH_TOKEN
    ? {
        accountSid: env.FAKE_TWILIO_ACCOUNT_SID,
        username: env.FAKE_TWILIO_ACCOUNT_SID,
        password: env.FAKE_TWILIO_AUTH_TOKEN,
      }
    : undefined;

const server = await startFakeTwilioServer({ port: env.FAKE_TWILIO_PORT, auth, knobs });
console.log(`Fake Twilio on ${server.url} (${auth ? 'credentials checked' : 'any Basic credentials'})`);
console.log(
  `  Chat v2:       ${server.url}/chat/v2/Services/${SEED.services.support.sid}/Users/alice%40example.com/Channels`,
);
console.log(`  Conversations: ${server.url}/conversations/v1/Users/alice%40example.com/Conversations`);
console.log(
  `  By address:    ${server.url}/conversations/v1/ParticipantConversations?Address=${encodeURIComponent(SEED.addresses.phone)}`,
);
console.log(`  Control:       ${server.url}/__fake/log, /__fake/knobs, /__fake/faults, /__fake/reset`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void server.close().then(() => process.exit(0));
  });
}
