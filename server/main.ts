import { isLoopback } from './allowed-hosts.ts';
import { ConfigError, loadConfig } from './config.ts';
import { describeTwilioHosts } from './twilio-hosts.ts';
import { startServer } from './node-server.ts';

// `npm run serve` / `npm start`: Horizon's server over the built console (dist/). See the README, "Deploy".

async function main(): Promise<void> {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }

  const running = await startServer(config, { staticDir: config.staticDir });
  const upstream =
    config.mode === 'demo'
      ? 'DEMO mode: answering /api from the built-in fake Twilio (no real data, no credentials)'
      : `LIVE mode: forwarding to ${describeTwilioHosts(config)} ` +
        `with ${config.credentials?.kind === 'api-key' ? 'an API key' : 'the account auth token'}`;
  console.log(`Horizon listening on ${running.url} — ${upstream}; agent sign-in: ${config.auth.kind}`);
  if (config.mode === 'demo' && !isLoopback(config.host)) {
    console.warn(
      `warning: demo mode bound to ${config.host}, not loopback; anyone who can reach it can use it`,
    );
  }
  if (config.fakeControl) console.log('fake Twilio control endpoints on /__fake/* (HORIZON_FAKE_CONTROL=1)');
  // Listening already: the database opens behind (changes and history wait for it). If it can't open at all, the
  // process ends, as a failed start always did, for the process manager to report and restart.
  running.ready.then(
    () => console.log('history database open, schedules running'),
    (error: Error) => {
      console.error(`the history database could not be opened: ${error.message}`);
      running.stop(1000).finally(() => process.exit(1));
    },
  );

  const shutdown = (signal: string) => {
    console.log(`${signal}: finishing in-flight requests, then closing the audit trail`);
    running.stop().then(
      () => process.exit(0),
      (error: Error) => {
        console.error(`shutdown failed: ${error.message}`);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

await main();
