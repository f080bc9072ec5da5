import { useQuery } from '@tanstack/react-query';
import { memo, type RefObject, useDeferredValue, useId, useState } from 'react';
import { createPortal } from 'react-dom';
import type { Membership } from '../../../lib/twilio/membership.ts';
import type { UserRef } from '../../../lib/twilio/queries.ts';
import { bindingsQuery, servicePushQuery } from '../api/push.ts';
import { useLoadedRows } from '../api/use-loaded-rows.ts';
import { diagnoseUser } from '../lib/diagnose.ts';
import {
  FindingItems,
  fixButtonLabel,
  isLoading,
  PushFactsStatus,
  pushFactsNote,
  SEVERITY_LABELS,
  useFindingFixes,
} from './findings-list.tsx';

interface UserDiagnosisProps {
  userRef: UserRef;
  identity: string | null;
  isNotifiable: boolean | null | undefined;
  joinedChannelsCount: number | null | undefined;
  canChange: boolean;
  /** Selects memberships in the table for a bulk removal (absent where the table can't select). */
  onSelect?: ((rows: Membership[]) => void) | undefined;
  /**
   * The place kept for the diagnosis line beside the user's summary, from the view's first frame: the line goes there,
   * so nothing moves when the facts come in. The findings themselves open above the table, on request.
   */
  lineSlot: RefObject<HTMLElement | null>;
}

/**
 * What holds for the user whatever the channel, right after a lookup: an old or extra device that keeps getting
 * pushes, a user Twilio can't notify, a service that pushes nothing, memberships near the limit. Only what is worth
 * a look is shown; the drawer's Diagnosis has the rest.
 *
 * The facts come a round trip after the rows (the user's devices, the service's push settings), so the findings
 * can't take room above the table without pushing it down under the agent's pointer (394 px at 1366×768 for an old
 * phone). One line in a place kept for it says the first finding and offers its fix; "All findings" opens the rest.
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
  lineSlot,
  rows,
}: UserDiagnosisProps & { rows: readonly Membership[] }) {
  const headingId = useId();
  const listId = useId();
  const [open, setOpen] = useState(false);
  const push = useQuery(servicePushQuery(userRef.api, userRef.service));
  const bindings = useQuery(bindingsQuery(userRef, identity));
  const fixes = useFindingFixes(userRef, {
    onSelect: onSelect && ((fix) => onSelect(rows.filter((row) => fix.channelSids.includes(row.channelSid)))),
  });
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
  const reading = isLoading(push) || isLoading(bindings);
  const note = pushFactsNote({ push, bindings });
  // An unread fact outranks the first finding on the line: the findings may be missing one.
  const first = note?.failed ? undefined : findings[0];
  const firstFix = first?.fix && fixes.offered(first.fix) && canChange ? first.fix : null;

  const line = (
    <section
      className={`diagnosis-line${first ? ` diagnosis-line-${first.severity}` : ''}`}
      aria-labelledby={headingId}
      aria-busy={reading}
    >
      <p className="diagnosis-line-text">
        <span className="visually-hidden" id={headingId}>
          Diagnosis
        </span>{' '}
        {first ? (
          <>
            <span className="finding-severity">{SEVERITY_LABELS[first.severity]}</span> {first.title}
          </>
        ) : (
          (note?.text ?? "Nothing found to fix in this user's devices, push settings or channel limit.")
        )}
      </p>
      {findings.length > 0 && (
        <div className="diagnosis-line-actions">
          {firstFix && (
            // `f` presses the first `.finding-fix` button: this one, the first finding's.
            <span className="finding-fix">
              <button type="button" className="button" onClick={() => fixes.run(firstFix)}>
                {fixButtonLabel(firstFix)}
              </button>
            </span>
          )}
          <button
            type="button"
            className="button button-quiet"
            aria-expanded={open}
            aria-controls={listId}
            onClick={() => setOpen(!open)}
          >
            {open ? 'Hide findings' : `All findings (${findings.length})`}
          </button>
        </div>
      )}
    </section>
  );

  return (
    <>
      {lineSlot.current ? createPortal(line, lineSlot.current) : line}
      {fixes.outcome}
      {/* Kept in the page while closed: `f` waits while it reads (aria-busy), and presses the first fix. */}
      <section id={listId} className="user-diagnosis" aria-label="Diagnosis findings" hidden={!open}>
        <PushFactsStatus push={push} bindings={bindings} />
        <FindingItems findings={findings} canChange={canChange} reading={reading} fixes={fixes} />
      </section>
    </>
  );
});
