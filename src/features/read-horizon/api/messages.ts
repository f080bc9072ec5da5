import type { MessageSummary } from '../../../lib/twilio/membership.ts';

/** Where the read position goes: before the first message with a greater index (messages sorted by index). */
export function readLinePosition(
  messages: readonly MessageSummary[],
  lastReadIndex: number | null,
): number | null {
  if (lastReadIndex === null) return null;
  const after = messages.findIndex((m) => m.index > lastReadIndex);
  return after < 0 ? messages.length : after;
}
