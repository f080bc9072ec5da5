import { useQuery } from '@tanstack/react-query';
import type { DrawerDiagnosisContext } from '../features/channel-detail/components/channel-drawer.tsx';
import { DiagnosisSection } from '../features/diagnosis/components/diagnosis-section.tsx';
import { isLoading } from '../features/diagnosis/components/findings-list.tsx';
import { userQuery } from '../features/user-lookup/api/user.ts';
import { newestMessagesQuery } from '../lib/twilio/message-queries.ts';
import type { UserRef } from '../lib/twilio/queries.ts';

/**
 * The drawer's Diagnosis, composed here because features don't import each other. It shares the queries the view
 * already made: the user (from the lookup) and the newest messages (the read-horizon panel's), so it adds only the
 * service's push settings (once per service) and the user's devices (once per user).
 */
export function DrawerDiagnosis({
  userRef,
  channel,
  ...context
}: DrawerDiagnosisContext & { userRef: UserRef; channel: string }) {
  const user = useQuery(userQuery(userRef));
  const messages = useQuery(newestMessagesQuery(userRef, channel));
  return (
    <DiagnosisSection
      userRef={userRef}
      identity={user.data?.identity ?? null}
      isNotifiable={user.data?.isNotifiable}
      recentMessages={messages.data}
      readingMessages={isLoading(messages)}
      {...context}
    />
  );
}

export default DrawerDiagnosis;
