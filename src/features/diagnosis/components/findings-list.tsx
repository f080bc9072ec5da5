import type { UseQueryResult } from '@tanstack/react-query';
import { useState } from 'react';
import { describeError } from '../../../lib/api-client.ts';
import type { UserRef } from '../../../lib/twilio/queries.ts';
import { ConfirmDialog } from '../../../ui/confirm-dialog.tsx';
import { useRemoveBinding } from '../api/push.ts';
import type { Finding, FixDescriptor, PushBinding } from '../lib/finding.ts';
import { describeBinding } from '../lib/push-rules.ts';
import './diagnosis.css';

export const SEVERITY_LABELS = { problem: 'Problem', warning: 'Check', info: 'Fact' } as const;

type MembershipFix = Extract<FixDescriptor, { kind: 'membership-change' }>;
type SelectFix = Extract<FixDescriptor, { kind: 'select-memberships' }>;

interface FixHandlers {
  /** Runs a membership fix through the one optimistic, audited, undoable change (absent: none offered here). */
  onChange?: ((fix: MembershipFix) => void) | undefined;
  onSelect?: ((fix: SelectFix) => void) | undefined;
}

export type FindingFixes = ReturnType<typeof useFindingFixes>;

/**
 * What a finding's fix button does, for every place that offers one (the list, the user's diagnosis line): a
 * membership change or a selection goes to the view; removing a device is confirmed first and can't be undone.
 * `outcome` is what it says (the removal's result or error, and the confirmation): render it once, where it shows
 * whichever button was pressed.
 */
export function useFindingFixes(userRef: UserRef, { onChange, onSelect }: FixHandlers) {
  const removal = useRemoveBinding(userRef);
  const [confirming, setConfirming] = useState<PushBinding | null>(null);
  const [removed, setRemoved] = useState('');

  const run = (fix: FixDescriptor) => {
    if (fix.kind === 'membership-change') onChange?.(fix);
    else if (fix.kind === 'remove-binding') setConfirming(fix.binding);
    else onSelect?.(fix);
  };
  const offered = (fix: FixDescriptor) =>
    fix.kind === 'remove-binding' ||
    (fix.kind === 'membership-change' ? Boolean(onChange) : Boolean(onSelect));

  const outcome = (
    <>
      <p role="status" className="saving">
        {removed}
      </p>
      {removal.isError && (
        <p role="alert" className="notice notice-error">
          Couldn't remove the device: {describeError(removal.error)}. Nothing was removed.
        </p>
      )}
      {confirming && (
        <ConfirmDialog
          title="Remove this device?"
          confirmLabel={removal.isPending ? 'Removing…' : 'Remove device'}
          pending={removal.isPending}
          deleteKeyConfirms
          onCancel={() => setConfirming(null)}
          onConfirm={() =>
            removal.mutate(confirming, {
              onSuccess: () => setRemoved(`Removed the device: ${describeBinding(confirming)}.`),
              onSettled: () => setConfirming(null),
            })
          }
        >
          <p>{describeBinding(confirming)}. Twilio stops pushing to it at once.</p>
          <p>
            <strong>This can't be undone:</strong> Twilio deletes the registration and can't restore it. If
            the app is still installed on that device, it registers again the next time it starts. The removal
            is recorded in the audit trail.
          </p>
        </ConfirmDialog>
      )}
    </>
  );
  return { run, offered, outcome };
}

interface FindingsListProps extends FixHandlers {
  userRef: UserRef;
  findings: readonly Finding[];
  /** An editor on an API that can change memberships. */
  canChange: boolean;
  /**
   * Some of the facts are still being read: the list is marked busy, and `f` waits for it, because a fix that arrives
   * with them can rank above the one shown now.
   */
  reading?: boolean;
}

/** Findings with their evidence and fixes. Removing a device is confirmed first and can't be undone. */
export function FindingsList({ userRef, onChange, onSelect, ...props }: FindingsListProps) {
  const fixes = useFindingFixes(userRef, { onChange, onSelect });
  return (
    <>
      {fixes.outcome}
      <FindingItems {...props} fixes={fixes} />
    </>
  );
}

/** The findings themselves, each with its fix (run by `fixes`) and its evidence. */
export function FindingItems({
  findings,
  canChange,
  fixes,
  reading = false,
}: Omit<FindingsListProps, 'userRef' | keyof FixHandlers> & { fixes: FindingFixes }) {
  return (
    <ul className="findings" aria-busy={reading}>
      {findings.map((finding) => (
        <li key={finding.id} className={`finding finding-${finding.severity}`}>
          <p className="finding-title">
            <span className="finding-severity">{SEVERITY_LABELS[finding.severity]}</span> {finding.title}
          </p>
          <p className="finding-explanation">{finding.explanation}</p>
          {finding.fix && fixes.offered(finding.fix) && (
            <FixControl fix={finding.fix} canChange={canChange} onFix={fixes.run} />
          )}
          <details className="evidence" open={finding.severity === 'problem'}>
            <summary>Evidence</summary>
            <dl>
              {finding.evidence.map((item, i) => (
                // Evidence rows may share a label (several devices or messages): the position keeps them apart.
                // biome-ignore lint/suspicious/noArrayIndexKey: the list is rebuilt whole, never reordered
                <div key={i}>
                  <dt>{item.label}</dt>
                  <dd>
                    {item.value} <span className="evidence-source">— {item.source}</span>
                  </dd>
                </div>
              ))}
            </dl>
          </details>
        </li>
      ))}
    </ul>
  );
}

/** A fix's button as it reads everywhere: "Remove this device…" for one that asks first. */
export function fixButtonLabel(fix: FixDescriptor): string {
  return fix.kind === 'remove-binding' ? `${fix.label}…` : fix.label;
}

function FixControl({
  fix,
  canChange,
  onFix,
}: {
  fix: FixDescriptor;
  canChange: boolean;
  onFix: (fix: FixDescriptor) => void;
}) {
  return (
    <div className="finding-fix">
      {canChange ? (
        <button type="button" className="button" onClick={() => onFix(fix)}>
          {fixButtonLabel(fix)}
        </button>
      ) : (
        <p className="muted-text">An editor can fix this: {fix.label}.</p>
      )}
      {fix.kind === 'membership-change' && <p className="hint">{fix.afterwards}</p>}
      {fix.kind === 'remove-binding' && (
        <p className="hint">Asks first. Twilio can't restore a removed device, so there is no undo.</p>
      )}
    </div>
  );
}

/** Says when the push facts are still loading or couldn't be read (the findings then leave them out). */
export function PushFactsStatus(props: { push: UseQueryResult<unknown>; bindings: UseQueryResult<unknown> }) {
  const note = pushFactsNote(props);
  return note && <p className="muted-text">{note.text}</p>;
}

/** The words for push facts still loading or unreadable; null once they are in. */
export function pushFactsNote({
  push,
  bindings,
}: {
  push: UseQueryResult<unknown>;
  bindings: UseQueryResult<unknown>;
}): { failed: boolean; text: string } | null {
  const unavailable = [
    push.isError && `the push settings (${describeError(push.error)})`,
    bindings.isError && `the devices (${describeError(bindings.error)})`,
  ].filter(Boolean);
  if (unavailable.length > 0) {
    return { failed: true, text: `Couldn't read ${unavailable.join(' or ')}: the findings leave them out.` };
  }
  if (isLoading(push) || isLoading(bindings)) {
    return { failed: false, text: "Reading the service's push settings and the user's devices…" };
  }
  return null;
}

/** Being read now (a query that waits on something it doesn't have yet, or is turned off, is not). */
export function isLoading(query: UseQueryResult<unknown>): boolean {
  return query.isPending && query.fetchStatus !== 'idle';
}
