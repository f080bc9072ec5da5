import { useQuery } from '@tanstack/react-query';
import { useId } from 'react';
import type { Membership } from '../../../lib/twilio/membership.ts';
import type { MembershipChange } from '../../../lib/twilio/membership-mutations.ts';
import type { UserRef } from '../../../lib/twilio/queries.ts';
import { bindingsQuery, servicePushQuery } from '../api/push.ts';
import { diagnoseMembership } from '../lib/diagnose.ts';
import type { RecentMessage } from '../lib/finding.ts';
import { FindingsList, isLoading, PushFactsStatus } from './findings-list.tsx';

export interface DiagnosisSectionProps {
  userRef: UserRef;
  /** The user's identity (the agent may have typed a US… SID); null until known. */
  identity: string | null;
  isNotifiable: boolean | null | undefined;
  membership: Membership;
  newestIndex: number | null | undefined;
  lastReadAt: string | null | undefined;
  recentMessages: readonly RecentMessage[] | undefined;
  /** The newest messages are still being read (the push facts this section reads itself). */
  readingMessages: boolean;
  /** An editor on an API that can change memberships. */
  canChange: boolean;
  /** The drawer's own optimistic, audited, undoable change. */
  onChange: (change: MembershipChange) => void;
}

/** The drawer's first section: what explains the ticket, with the values read and the fix one click away. */
export function DiagnosisSection(props: DiagnosisSectionProps) {
  const { userRef, identity, membership, canChange, onChange } = props;
  const headingId = useId();
  const push = useQuery(servicePushQuery(userRef.api, userRef.service));
  const bindings = useQuery(bindingsQuery(userRef, identity));

  const findings = diagnoseMembership({
    api: userRef.api,
    identity: identity ?? userRef.user,
    membership,
    newestIndex: props.newestIndex,
    lastReadAt: props.lastReadAt,
    recentMessages: props.recentMessages,
    isNotifiable: props.isNotifiable,
    push: push.data,
    bindings: bindings.data?.bindings,
    bindingsCapped: bindings.data?.capped,
    now: new Date(),
  });

  return (
    <section className="drawer-section diagnosis" aria-labelledby={headingId}>
      <h3 id={headingId}>Diagnosis</h3>
      <PushFactsStatus push={push} bindings={bindings} />
      <FindingsList
        userRef={userRef}
        findings={findings}
        canChange={canChange}
        reading={props.readingMessages || isLoading(push) || isLoading(bindings)}
        onChange={(fix) =>
          onChange({
            kind: 'update',
            channelSid: membership.channelSid,
            patch: fix.patch,
            expectedUnread: fix.expectedUnread,
          })
        }
      />
    </section>
  );
}
