import { useQuery } from '@tanstack/react-query';
import type { RefObject } from 'react';
import { arrangeBySymptom, SymptomPicker } from '../features/diagnosis/components/row-hint.tsx';
import { UserDiagnosis } from '../features/diagnosis/components/user-diagnosis.tsx';
import type { Symptom } from '../features/diagnosis/lib/finding.ts';
import { userQuery } from '../features/user-lookup/api/user.ts';
import type { Membership } from '../lib/twilio/membership.ts';
import type { UserRef } from '../lib/twilio/queries.ts';

export type ArrangeRows = (rows: readonly Membership[]) => readonly Membership[];

interface DiagnosisBarProps {
  userRef: UserRef;
  canChange: boolean;
  symptom: Symptom | null;
  /** The new symptom and the order it gives the table's rows (matching channels first). */
  onSymptomChange: (symptom: Symptom | null, arrange: ArrangeRows | undefined) => void;
  onSelect?: (rows: Membership[]) => void;
  /** Where the user's diagnosis line goes (beside the summary): see UserDiagnosis. */
  lineSlot: RefObject<HTMLElement | null>;
}

/**
 * Above the table after a lookup: the user's own findings (devices, limits: a line beside the summary, the list on
 * request) and the ticket's symptom. Loaded after
 * the first view, with the rules it needs; it shares the lookup's user query.
 */
export function DiagnosisBar({
  userRef,
  canChange,
  symptom,
  onSymptomChange,
  onSelect,
  lineSlot,
}: DiagnosisBarProps) {
  const user = useQuery(userQuery(userRef));
  const identity = user.data?.identity ?? userRef.user;
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
      <SymptomPicker
        value={symptom}
        onChange={(next) =>
          onSymptomChange(next, next === null ? undefined : (rows) => arrangeBySymptom(rows, identity, next))
        }
      />
    </div>
  );
}

export default DiagnosisBar;
