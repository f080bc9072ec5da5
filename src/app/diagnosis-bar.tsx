import { useQuery } from '@tanstack/react-query';
import type { RefObject } from 'react';
import { UserDiagnosis } from '../features/diagnosis/components/user-diagnosis.tsx';
import { userQuery } from '../features/user-lookup/api/user.ts';
import type { Membership } from '../lib/twilio/membership.ts';
import type { UserRef } from '../lib/twilio/queries.ts';

interface DiagnosisBarProps {
  userRef: UserRef;
  canChange: boolean;
  onSelect?: (rows: Membership[]) => void;
  /** Where the user's diagnosis line goes (beside the summary): see UserDiagnosis. */
  lineSlot: RefObject<HTMLElement | null>;
}

/**
 * The user's own findings after a lookup (devices, limits): a line beside the summary, the list above the table on
 * request. Loaded after the first view, with the rules it needs; it shares the lookup's user query.
 */
export function DiagnosisBar({ userRef, canChange, onSelect, lineSlot }: DiagnosisBarProps) {
  const user = useQuery(userQuery(userRef));
  return (
    <div className="diagnosis-bar">
      <UserDiagnosis
        userRef={userRef}
        identity={user.data?.identity ?? null}
        isNotifiable={user.data?.isNotifiable}
        joinedChannelsCount={user.data?.joinedChannelsCount}
        canChange={canChange}
        onSelect={onSelect}
        lineSlot={lineSlot}
      />
    </div>
  );
}

export default DiagnosisBar;
