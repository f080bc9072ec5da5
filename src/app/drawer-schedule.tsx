import type { DrawerScheduleContext } from '../features/channel-detail/components/channel-drawer.tsx';
import { ScheduleStatus } from '../features/schedules/components/schedule-status.tsx';
import { TimedMuteRows } from '../features/schedules/components/timed-mute-rows.tsx';
import { adapters } from '../lib/twilio/adapters.ts';
import type { UserRef } from '../lib/twilio/queries.ts';

/** The drawer's timed mute: its schedule ("Muted until …", cancel, change, or why it failed) and "mute for a while". */
export function DrawerSchedule({
  userRef,
  membership,
  canChange,
  reason,
}: DrawerScheduleContext & { userRef: UserRef }) {
  const { profile, membershipPath } = adapters[userRef.api];
  if (!membershipPath || membership.notificationLevel === null) return null;
  return (
    <>
      <ScheduleStatus userRef={userRef} channel={membership.channelSid} canChange={canChange} />
      {canChange && (
        <TimedMuteRows
          userRef={userRef}
          rows={[membership]}
          terms={profile.terms}
          reason={reason}
          disabled={false}
          offer={membership.notificationLevel !== 'muted'}
        />
      )}
    </>
  );
}

export default DrawerSchedule;
