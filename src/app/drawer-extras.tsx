import { ActivityList } from '../features/activity/components/activity-list.tsx';
import { ReadHorizonPanel } from '../features/read-horizon/components/read-horizon-panel.tsx';
import type { UserRef } from '../lib/twilio/queries.ts';

/** What the drawer shows below the membership: the read position among the newest messages, and the audit trail. */
export function DrawerExtras({ userRef, channel }: { userRef: UserRef; channel: string }) {
  return (
    <>
      <ReadHorizonPanel userRef={userRef} channel={channel} />
      <ActivityList userRef={userRef} channel={channel} title="Activity" />
    </>
  );
}

export default DrawerExtras;
