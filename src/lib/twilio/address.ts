// A Conversations participant's address, as ParticipantConversations?Address= matches it (exactly): an E.164 phone
// number (`+15551234567`, SMS), `whatsapp:+…` or `messenger:<page-scoped id>`. One place knows the forms.

export type AddressKind = 'sms' | 'whatsapp' | 'messenger';

export type ParsedAddress = { ok: true; address: string; kind: AddressKind } | { ok: false; problem: string };

const E164 = /^\+[1-9][0-9]{6,14}$/;
const MESSENGER_ID = /^[0-9]{5,32}$/;
/** What agents paste from tickets between digits: "+1 (555) 123-4567". Twilio wants them gone. */
const NUMBER_SEPARATORS = /[\s().-]/g;

/** Whether the lookup text is meant as an address rather than a chat identity. */
export function looksLikeAddress(text: string): boolean {
  return /^\s*\+/.test(text) || /^\s*(whatsapp|messenger):/i.test(text);
}

const NUMBER_PROBLEM =
  'a phone number in E.164 form: + and the country code, then 6 to 14 digits (+15551234567)';

function parseNumber(raw: string): string | null {
  const number = raw.replace(NUMBER_SEPARATORS, '');
  return E164.test(number) ? number : null;
}

/** Checks an address before anything is sent, and writes it the way Twilio stores it. */
export function parseAddress(text: string): ParsedAddress {
  const trimmed = text.trim();
  const colon = trimmed.indexOf(':');
  const prefix = colon < 0 ? '' : trimmed.slice(0, colon).toLowerCase();
  const rest = colon < 0 ? trimmed : trimmed.slice(colon + 1).trim();
  if (prefix === 'whatsapp') {
    const number = parseNumber(rest);
    if (number) return { ok: true, address: `whatsapp:${number}`, kind: 'whatsapp' };
    return {
      ok: false,
      problem: `“${trimmed}” isn't a WhatsApp address: after whatsapp: comes ${NUMBER_PROBLEM}.`,
    };
  }
  if (prefix === 'messenger') {
    if (MESSENGER_ID.test(rest)) return { ok: true, address: `messenger:${rest}`, kind: 'messenger' };
    return {
      ok: false,
      problem: `“${trimmed}” isn't a Messenger address: after messenger: comes the page-scoped ID (digits only).`,
    };
  }
  if (colon < 0) {
    const number = parseNumber(trimmed);
    if (number) return { ok: true, address: number, kind: 'sms' };
  }
  return {
    ok: false,
    problem: `“${trimmed}” isn't an address. Type ${NUMBER_PROBLEM}, whatsapp:+… or messenger:….`,
  };
}

export const ADDRESS_KIND_LABELS: Record<AddressKind, string> = {
  sms: 'SMS',
  whatsapp: 'WhatsApp',
  messenger: 'Messenger',
};
