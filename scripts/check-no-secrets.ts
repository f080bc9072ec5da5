import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';

// Fails when any configured secret appears in the given files or folders (default: dist/). The console is served
// to every browser, so a Twilio token or API secret bundled into it would be public.
//
//   npx tsx scripts/check-no-secrets.ts [PATH…]
//
// The secrets checked are the values of TWILIO_AUTH_TOKEN, TWILIO_API_SECRET and HORIZON_EXTRA_SECRETS
// (comma-separated), each also in base64 (as a Basic header would carry it). With none set, it says so and passes.

const SECRET_VARIABLES = ['TWILIO_AUTH_TOKEN', 'TWILIO_API_SECRET'] as const;
const MIN_SECRET_LENGTH = 8; // shorter values would match by accident

export function secretsFrom(env: Record<string, string | undefined>): string[] {
  const values = [
    ...SECRET_VARIABLES.map((name) => env[name]),
    ...(env.HORIZON_EXTRA_SECRETS ?? '').split(','),
  ].filter((value): value is string => typeof value === 'string' && value.trim().length >= MIN_SECRET_LENGTH);
  const accountSid = env.TWILIO_ACCOUNT_SID;
  const apiKey = env.TWILIO_API_KEY;
  const forms = values.flatMap((value) => [
    value,
    Buffer.from(value).toString('base64').replace(/=+$/, ''),
    ...(accountSid ? [Buffer.from(`${accountSid}:${value}`).toString('base64').replace(/=+$/, '')] : []),
    ...(apiKey ? [Buffer.from(`${apiKey}:${value}`).toString('base64').replace(/=+$/, '')] : []),
  ]);
  return [...new Set(forms)];
}

async function* filesUnder(path: string): AsyncGenerator<string> {
  const info = await stat(path);
  if (info.isFile()) {
    yield path;
    return;
  }
  for (const entry of await readdir(path, { withFileTypes: true })) {
    yield* filesUnder(join(path, entry.name));
  }
}

/** Returns one line per (file, secret form) hit; never the secret itself. */
export async function findSecrets(paths: string[], secrets: string[]): Promise<string[]> {
  const hits: string[] = [];
  for (const root of paths) {
    for await (const file of filesUnder(root)) {
      const text = await readFile(file, 'latin1');
      secrets.forEach((secret, index) => {
        if (text.includes(secret))
          hits.push(`${relative(process.cwd(), file)} contains secret form #${index + 1}`);
      });
    }
  }
  return hits;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const paths = process.argv.slice(2);
  const secrets = secretsFrom(process.env);
  if (secrets.length === 0) {
    console.log(
      'check-no-secrets: no secret configured (TWILIO_AUTH_TOKEN, TWILIO_API_SECRET, HORIZON_EXTRA_SECRETS)',
    );
  } else {
    const hits = await findSecrets(paths.length ? paths : ['dist'], secrets);
    if (hits.length > 0) {
      console.error(`check-no-secrets: FOUND configured secrets:\n${hits.join('\n')}`);
      process.exit(1);
    }
    console.log(
      `check-no-secrets: none of ${secrets.length} secret forms found in ${paths.join(', ') || 'dist'}`,
    );
  }
}
