import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findSecrets, secretsFrom } from './check-no-secrets.ts';

const SID = `AC${'4d'.repeat(16)}`;
const TOKEN = 'token-5e6f7a8b9c0d1e2f';

describe('check-no-secrets', () => {
  it('derives the raw and base64 (Basic header) forms, ignoring values too short to mean anything', () => {
    const forms = secretsFrom({
      TWILIO_ACCOUNT_SID: SID,
      TWILIO_AUTH_TOKEN: TOKEN,
      TWILIO_API_SECRET: 'short',
    });
    expect(forms).toContain(TOKEN);
    expect(forms).toContain(Buffer.from(`${SID}:${TOKEN}`).toString('base64').replace(/=+$/, ''));
    expect(forms.some((form) => form.includes('short'))).toBe(false);
    expect(secretsFrom({})).toEqual([]);
  });

  it('finds a secret anywhere under a folder, and reports clean folders as clean', async () => {
    const dist = await mkdtemp(join(tmpdir(), 'horizon-secrets-'));
    await mkdir(join(dist, 'assets'));
    await writeFile(join(dist, 'index.html'), '<!doctype html>');
    await writeFile(join(dist, 'assets', 'app.js'), 'const x = 1;');
    const secrets = secretsFrom({ TWILIO_ACCOUNT_SID: SID, TWILIO_AUTH_TOKEN: TOKEN });
    expect(await findSecrets([dist], secrets)).toEqual([]);
    await writeFile(join(dist, 'assets', 'leak.js'), `fetch(u, { headers: { a: "${TOKEN}" } })`);
    const hits = await findSecrets([dist], secrets);
    expect(hits).toHaveLength(1);
    expect(hits[0]).toMatch(/leak\.js contains secret form #1$/);
    expect(hits.join()).not.toContain(TOKEN);
  });
});
