import { describe, expect, it } from 'vitest';
import { looksLikeAddress, parseAddress } from './address.ts';

describe('participant addresses', () => {
  it('tells an address from a chat identity', () => {
    expect(looksLikeAddress('+15551234567')).toBe(true);
    expect(looksLikeAddress(' WhatsApp:+447700900123')).toBe(true);
    expect(looksLikeAddress('messenger:123456789')).toBe(true);
    expect(looksLikeAddress('alice@example.com')).toBe(false);
    // The seed identity that ends with + (and holds a colon-free mix of characters) stays an identity.
    expect(looksLikeAddress('zoë smith/ops#1?50%+')).toBe(false);
  });

  it('accepts E.164, whatsapp: and messenger: and writes them as Twilio stores them', () => {
    expect(parseAddress('+15551234567')).toEqual({ ok: true, address: '+15551234567', kind: 'sms' });
    expect(parseAddress(' +1 (555) 123-4567 ')).toEqual({ ok: true, address: '+15551234567', kind: 'sms' });
    expect(parseAddress('WhatsApp: +44 7700 900123')).toEqual({
      ok: true,
      address: 'whatsapp:+447700900123',
      kind: 'whatsapp',
    });
    expect(parseAddress('messenger:1234567890')).toEqual({
      ok: true,
      address: 'messenger:1234567890',
      kind: 'messenger',
    });
  });

  it.each([
    ['+', /isn't an address/],
    ['+0123456789', /isn't an address/],
    ['+1555123456789012', /isn't an address/],
    ['+1555abc4567', /isn't an address/],
    ['whatsapp:15551234567', /isn't a WhatsApp address/],
    ['messenger:alice', /isn't a Messenger address/],
    ['sms:+15551234567', /isn't an address/],
  ])('refuses %s with a message that says what to type', (text, message) => {
    const parsed = parseAddress(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.problem).toMatch(message);
  });
});
