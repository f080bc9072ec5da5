// Deterministic Twilio-style SIDs: a 2-letter prefix + 32 lowercase hex digits, derived from a stable name so the
// seed (and every test that imports SEED) sees the same SIDs on every run.

/** 128 bits of a fast non-cryptographic hash (cyrb128) of `text`, as 32 lowercase hex digits. */
export function hash128(text: string): string {
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (let i = 0; i < text.length; i++) {
    const k = text.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1, h2, h3, h4].map((h) => (h >>> 0).toString(16).padStart(8, '0')).join('');
}

export type SidPrefix = 'AC' | 'IS' | 'US' | 'CH' | 'MB' | 'IM' | 'RL' | 'MG' | 'BS' | 'CR';

/** A SID for the thing called `name` (unique within the prefix). */
export function makeSid(prefix: SidPrefix, name: string): string {
  return prefix + hash128(`${prefix}:${name}`);
}

/**
 * Message SIDs carry their position in the channel's message list in the last 8 hex digits, so a message can be
 * fetched by SID without storing every message.
 */
export function makeMessageSid(channelSid: string, position: number): string {
  return `IM${hash128(`IM:${channelSid}`).slice(0, 24)}${position.toString(16).padStart(8, '0')}`;
}

export function messagePositionFromSid(channelSid: string, messageSid: string): number | undefined {
  if (!/^IM[0-9a-f]{32}$/.test(messageSid)) return undefined;
  if (messageSid.slice(2, 26) !== hash128(`IM:${channelSid}`).slice(0, 24)) return undefined;
  return Number.parseInt(messageSid.slice(26), 16);
}

export const isSid = (prefix: SidPrefix, value: string): boolean =>
  value.length === 34 && value.startsWith(prefix) && /^[0-9a-fA-F]{32}$/.test(value.slice(2));
