import { useQuery } from '@tanstack/react-query';
import { memo, useDeferredValue, useId } from 'react';
import type { Membership } from '../../../lib/twilio/membership.ts';
import type { UserRef } from '../../../lib/twilio/queries.ts';
import { bindingsQuery, servicePushQuery } from '../api/push.ts';
import { useLoadedRows } from '../api/use-loaded-rows.ts';
import { diagnoseUser } from '../lib/diagnose.ts';
import { FindingsList, isLoading, PushFactsStatus } from './findings-list.tsx';

interface UserDiagnosisProps {
  userRef: UserRef;
  identity: string | null;
  isNotifiable: boolean | null | undefined;
  joinedChannelsCount: number | null | undefined;
  canChange: boolean;
  /** Selects memberships in the table for a bulk removal (absent where the table can't select). */
  onSelect?: (rows: Membership[]) => void;
}

/**
 * What holds for the user whatever the channel, right after a lookup: an old or extra device that keeps getting
 * pushes, a user Twilio can't notify, a service that pushes nothing, memberships near the limit. Only what is worth
 * a look is shown; the drawer's Diagnosis has the rest.
 */
export function UserDiagnosis(props: UserDiagnosisProps) {
  // A change to a row is drawn in the table first; the findings over all loaded rows follow a render later.
  const rows = useDeferredValue(useLoadedRows(props.userRef));
  return <UserFindings {...props} rows={rows} />;
}

const UserFindings = memo(function UserFindings({
  userRef,
  identity,
  isNotifiable,
  joinedChannelsCount,
  canChange,
  onSelect,
  rows,
}: UserDiagnosisProps & { rows: readonly Membership[] }) {
  const headingId = useId();
  const push = useQuery(servicePushQuery(userRef.api, userRef.service));
  const bindings = useQuery(bindingsQuery(userRef, identity));
  const findings = diagnoseUser(
    {
      api: userRef.api,
      isNotifiable,
      push: push.data,
      bindings: bindings.data?.bindings,
      bindingsCapped: bindings.data?.capped,
      now: new Date(),
    },
    { count: joinedChannelsCount ?? null, userChannelsLimit: push.data?.userChannelsLimit ?? null, rows },
  ).filter((finding) => finding.severity !== 'info');
  if (findings.length === 0 && !push.isError && !bindings.isError) return null;

  return (
    <section className="user-diagnosis" aria-labelledby={headingId}>
      <h2 id={headingId} className="subheading">
        Diagnosis
      </h2>
      <PushFactsStatus push={push} bindings={bindings} />
      <FindingsList
        userRef={userRef}
        findings={findings}
        canChange={canChange}
        reading={isLoading(push) || isLoading(bindings)}
        onSelect={
          onSelect && ((fix) => onSelect(rows.filter((row) => fix.channelSids.includes(row.channelSid))))
        }
      />
    </section>
  );
});
