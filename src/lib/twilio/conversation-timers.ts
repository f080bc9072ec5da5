import { formatDate } from '../format-date.ts';
import type { ConversationStatus, MessagingBinding } from './membership.ts';

/** "Mon 2 Dec 2026, 14:00": a day an agent can read at a glance. */
export function formatTimerDate(value: string): string {
  return formatDate(value, 'timer', value);
}

/**
 * A conversation's timers in plain words, in the order they happen. Twilio moves an active conversation to inactive
 * when nobody writes before `dateInactive`, and closes it (for good) at `dateClosed`; a timer in the past says what
 * already happened.
 */
export function describeConversationTimers(status: ConversationStatus, now: Date = new Date()): string[] {
  const past = (value: string) => new Date(value).getTime() <= now.getTime();
  const lines: string[] = [];
  if (status.dateInactive) {
    lines.push(
      past(status.dateInactive) || status.state !== 'active'
        ? `Went inactive ${formatTimerDate(status.dateInactive)}`
        : `Goes inactive ${formatTimerDate(status.dateInactive)} if nobody writes`,
    );
  }
  if (status.dateClosed) {
    lines.push(
      past(status.dateClosed) || status.state === 'closed'
        ? `Closed ${formatTimerDate(status.dateClosed)}`
        : `Closes ${formatTimerDate(status.dateClosed)}`,
    );
  }
  if (lines.length === 0) lines.push(`No timers: it stays ${status.state} until someone changes it`);
  return lines;
}

const CHANNEL_TYPE_TEXT: Record<string, string> = {
  sms: 'SMS',
  whatsapp: 'WhatsApp',
  messenger: 'Messenger',
};

/** How a participant is reached: null binding = a chat identity (the app or SDK), not a phone or WhatsApp address. */
export function describeMessagingBinding(binding: MessagingBinding | null | undefined): string {
  if (!binding) return 'Chat (SDK) identity: no SMS or WhatsApp binding';
  const kind = binding.type ? (CHANNEL_TYPE_TEXT[binding.type] ?? binding.type) : 'Messaging';
  const address = binding.address ? ` ${binding.address}` : '';
  const proxy = binding.proxyAddress ? ` via ${binding.proxyAddress}` : '';
  return `${kind}${address}${proxy}`;
}
