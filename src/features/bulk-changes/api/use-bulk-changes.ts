import { type QueryClient, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import { adapters } from '../../../lib/twilio/adapters.ts';
import { type ChangeAction, countOf } from '../../../lib/twilio/change-words.ts';
import { type Membership, membershipLabel } from '../../../lib/twilio/membership.ts';
import type { MembershipChange } from '../../../lib/twilio/membership-mutations.ts';
import {
  type CompletedChange,
  type CompletedChanges,
  runMembershipChange,
  showServerState,
} from '../../../lib/twilio/membership-runner.ts';
import { cachedMembership, type UserRef } from '../../../lib/twilio/queries.ts';
import {
  bulkConcurrencyFor,
  createBulkQueue,
  DEFAULT_UPSTREAM_CONCURRENCY,
  type QueueSnapshot,
} from './bulk-queue.ts';

export type BulkAction = Extract<
  ChangeAction,
  'mute' | 'unmute' | 'mark-read' | 'clear-read' | 'remove' | 'undo'
>;
/** What an agent can start on a selection (undo runs come from an undo offer). */
export type StartableAction = Exclude<BulkAction, 'undo'>;

/** The bulk actions, in the order the panel offers them. A removal can't be undone: it asks first (bulk-panel.tsx). */
export const BULK_ACTIONS: readonly StartableAction[] = [
  'mute',
  'unmute',
  'mark-read',
  'clear-read',
  'remove',
];

/** What one row's task did: the row as it was before, and what was sent (null: nothing needed sending). */
export interface RowOutcome {
  before: Membership | undefined;
  change: MembershipChange | null;
  note: string | null;
}

interface RowTask {
  channelSid: string;
  label: string;
  /** The agent's reason or ticket, kept with each row's change in the history. */
  reason?: string;
  /** Only for undo runs: the change that writes this row's own previous values back. */
  change?: MembershipChange;
}

export interface BulkRun {
  id: number;
  action: BulkAction;
  labels: ReadonlyMap<string, string>;
  snapshot: QueueSnapshot<RowOutcome>;
}

function changeFor(action: StartableAction, channelSid: string, newest?: number): MembershipChange {
  switch (action) {
    case 'mute':
      return { kind: 'update', channelSid, patch: { notificationLevel: 'muted' } };
    case 'unmute':
      return { kind: 'update', channelSid, patch: { notificationLevel: 'default' } };
    case 'mark-read':
      return { kind: 'update', channelSid, patch: { lastReadIndex: newest ?? 0 }, expectedUnread: 0 };
    case 'clear-read':
      return { kind: 'update', channelSid, patch: { lastReadIndex: null } };
    case 'remove':
      return { kind: 'remove', channelSid };
  }
}

async function runRow(
  queryClient: QueryClient,
  ref: UserRef,
  action: BulkAction,
  task: RowTask,
): Promise<RowOutcome> {
  const before = cachedMembership(queryClient, ref, task.channelSid);
  let change: MembershipChange;
  if (action === 'undo') {
    if (!task.change) return { before, change: null, note: 'nothing to undo' };
    change = task.change;
  } else if (action === 'mark-read') {
    const fetchNewest = adapters[ref.api].fetchNewestMessageIndex;
    if (!fetchNewest) throw new Error('This API has no message list to read the newest index from');
    const newest = await fetchNewest(ref.service, task.channelSid);
    if (newest === null) return { before, change: null, note: 'no messages to mark read' };
    change = changeFor(action, task.channelSid, newest);
  } else {
    change = changeFor(action, task.channelSid);
  }
  if (task.reason) change = { ...change, reason: task.reason };
  // The row changes on screen now, as its request starts (the shared optimistic mutation).
  await runMembershipChange(queryClient, ref, change, action === 'undo' ? 'undo' : 'bulk');
  return { before, change, note: null };
}

/**
 * Bulk changes over selected rows, one queue at a time. Each row goes through the drawer's optimistic mutation,
 * so the table, the drawer and the refresh after the last change behave exactly as for a single click.
 */
export function useBulkChanges(
  ref: UserRef,
  options: {
    /** A run of the agent's finished (again, after Retry failed): its done rows, for the undo offer. */
    onCompleted?: (completed: CompletedChanges) => void;
    /** The server's bound on requests to Twilio at once (GET /api/session), which sizes the queue. */
    upstreamConcurrency?: number;
  } = {},
) {
  const queryClient = useQueryClient();
  const profile = adapters[ref.api].profile;
  const [run, setRun] = useState<BulkRun | null>(null);
  const queueRef = useRef<ReturnType<typeof createBulkQueue<RowTask, RowOutcome>> | null>(null);
  const runIdRef = useRef(0);
  const onCompletedRef = useRef(options.onCompleted);
  onCompletedRef.current = options.onCompleted;
  const maxConcurrency = bulkConcurrencyFor(options.upstreamConcurrency ?? DEFAULT_UPSTREAM_CONCURRENCY);

  // A new user: forget the previous user's run (its requests still finish in the background).
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset when the user changes
  useEffect(() => {
    queueRef.current = null;
    setRun(null);
  }, [ref]);

  const launch = useCallback(
    (action: BulkAction, tasks: RowTask[]): Promise<QueueSnapshot<RowOutcome> | null> => {
      if (!profile.canEdit || tasks.length === 0) return Promise.resolve(null);
      if (queueRef.current?.snapshot().phase === 'running') {
        return Promise.reject(new Error('Another bulk change is still running: wait for it to finish'));
      }
      const id = ++runIdRef.current;
      const labels = new Map(tasks.map((t) => [t.channelSid, t.label]));
      const queue = createBulkQueue<RowTask, RowOutcome>({
        items: tasks,
        id: (task) => task.channelSid,
        run: (task) => runRow(queryClient, ref, action, task),
        maxConcurrency,
        onChange: (snapshot) => {
          if (runIdRef.current === id) setRun({ id, action, labels, snapshot });
        },
        onItemFailed: (task) => {
          // A failed removal is rolled back and stays on screen: its record is what Twilio holds.
          if (action === 'remove') return;
          // The optimistic value was rolled back; now show what Twilio really holds for this row.
          void adapters[ref.api]
            .fetchMembership(ref.service, ref.user, task.channelSid)
            .then((server) => showServerState(queryClient, ref, server))
            .catch(() => undefined);
        },
      });
      queueRef.current = queue;
      setRun({ id, action, labels, snapshot: queue.snapshot() });
      const reportCompleted = () => {
        // An undo run offers no undo of itself.
        if (runIdRef.current !== id || action === 'undo') return;
        const changes: CompletedChange[] = [];
        for (const item of queue.snapshot().items.values()) {
          const { before, change } = item.value ?? {};
          if (item.status === 'done' && before && change) {
            changes.push({ label: labels.get(item.id) ?? item.id, before, change });
          }
        }
        if (changes.length === 0) return;
        onCompletedRef.current?.({
          key: `bulk-${id}`,
          ref,
          changes,
          // The undo is a bulk run of its own: progress, per-row results and Retry failed, as for the change.
          restore: async (backs) => {
            const result = await launch(
              'undo',
              backs.map(({ label, change }) => ({ channelSid: change.channelSid, label, change })),
            );
            if (result && result.failed + result.cancelled > 0) {
              throw new Error(
                `${result.failed + result.cancelled} of ${countOf(result.total, profile.terms)} were not restored; the bulk results list them`,
              );
            }
          },
        });
      };
      const finished = queue.start().then(() => {
        reportCompleted();
        return queue.snapshot();
      });
      retryReportRef.current = reportCompleted;
      return finished;
    },
    [queryClient, ref, profile, maxConcurrency],
  );
  const retryReportRef = useRef<(() => void) | null>(null);

  return {
    run,
    profile,
    user: ref.user,
    start(action: StartableAction, rows: readonly Membership[], reason?: string) {
      // The buttons are disabled while a run is going, so the only refusal is a double click: nothing to report.
      void launch(
        action,
        rows.map((row) => ({ channelSid: row.channelSid, label: membershipLabel(row), reason })),
      ).catch(() => undefined);
    },
    cancel() {
      queueRef.current?.cancel();
    },
    retryFailed() {
      const queue = queueRef.current;
      if (!queue) return;
      const report = retryReportRef.current;
      void queue.retryFailed().then(() => report?.());
    },
    dismiss() {
      if (queueRef.current?.snapshot().phase === 'running') return;
      queueRef.current = null;
      runIdRef.current++;
      setRun(null);
    },
  };
}
