import { useQuery } from '@tanstack/react-query';
import { TwilioError } from '../../../lib/api-client.ts';
import { adapters } from '../../../lib/twilio/adapters.ts';
import type { UserRef } from '../../../lib/twilio/queries.ts';
import { ErrorPanel } from '../../../ui/error-panel.tsx';
import { Link } from '../../../ui/link.tsx';
import { recentUsers } from '../api/recent-users.ts';
import { servicesQuery } from '../api/services.ts';
import { userQuery } from '../api/user.ts';

function yesNo(value: boolean | null): string {
  if (value === null) return 'unknown';
  return value ? 'yes' : 'no';
}

export function isUnknownUser(error: unknown): boolean {
  return error instanceof TwilioError && error.status === 404;
}

/**
 * "No user …": identities are case-sensitive, so offer the lowercase form when the typed one has capitals, and the
 * users this agent viewed lately in the same service. `data-user-offer` marks the offers, where ↓ from the User field
 * goes (keyboard-shortcuts).
 */
function UnknownUser({
  userRef,
  serviceName,
  userHref,
}: {
  userRef: UserRef;
  serviceName: string;
  userHref?: (user: string) => string;
}) {
  const lower = userRef.user.toLowerCase();
  const recent = recentUsers()
    .filter((r) => r.api === userRef.api && r.service === userRef.service && r.user !== userRef.user)
    .slice(0, 5);
  return (
    <section className="user-summary" aria-label="User">
      <p role="alert" className="notice notice-warning">
        No user “{userRef.user}” in {serviceName}. Identities are case-sensitive and must match exactly.
      </p>
      {userHref && lower !== userRef.user && (
        <p>
          Did the ticket mean{' '}
          <Link href={userHref(lower)} data-user-offer="">
            {lower}
          </Link>
          ?
        </p>
      )}
      {userHref && recent.length > 0 && (
        <>
          <p>Users you viewed recently:</p>
          <ul className="recent-users">
            {recent.map((r) => (
              <li key={r.user}>
                <Link href={userHref(r.user)} data-user-offer="">
                  {r.user}
                </Link>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

/**
 * Loading: the summary's own layout, each value a placeholder about as wide as it will be, so the summary is as tall
 * as the loaded one at any width and the channels below don't move down when the user comes (CLS). Hidden from
 * assistive technology: the section says it is busy.
 */
function SummarySkeleton({ userRef, serviceName }: { userRef: UserRef; serviceName: string }) {
  const placeholder = (width: string) => <span className="skeleton skeleton-text" style={{ width }} />;
  return (
    <section className="user-summary" aria-busy="true" aria-label="User">
      <div className="user-name" aria-hidden="true">
        {placeholder('10rem')}
      </div>
      <dl className="facts" aria-hidden="true">
        <div>
          <dt>Identity</dt>
          <dd className="mono">{placeholder(`${Math.min(userRef.user.length, 40)}ch`)}</dd>
        </div>
        <div>
          <dt>SID</dt>
          <dd className="mono">{placeholder('34ch')}</dd>
        </div>
        {adapters[userRef.api].profile.hasJoinedCount && (
          <div>
            <dt>Joined {adapters[userRef.api].profile.terms.channels}</dt>
            <dd>{placeholder('2ch')}</dd>
          </div>
        )}
        <div>
          <dt>Online</dt>
          <dd>{placeholder('3ch')}</dd>
        </div>
        <div>
          <dt>Notifiable</dt>
          <dd>{placeholder('3ch')}</dd>
        </div>
        <div>
          <dt>Service</dt>
          <dd>{serviceName}</dd>
        </div>
      </dl>
    </section>
  );
}

export function UserSummary({
  userRef,
  userHref,
}: {
  userRef: UserRef;
  userHref?: (user: string) => string;
}) {
  const user = useQuery(userQuery(userRef));
  const services = useQuery(servicesQuery(userRef.api));
  const serviceName = services.data?.find((s) => s.sid === userRef.service)?.friendlyName ?? userRef.service;

  if (user.isPending) return <SummarySkeleton userRef={userRef} serviceName={serviceName} />;
  if (user.isError) {
    if (isUnknownUser(user.error)) {
      return <UnknownUser userRef={userRef} serviceName={serviceName} userHref={userHref} />;
    }
    return (
      <ErrorPanel title="Couldn't load the user" error={user.error} onRetry={() => void user.refetch()} />
    );
  }
  const data = user.data;
  return (
    <section className="user-summary" aria-label="User">
      <h2 className="user-name">{data.friendlyName || data.identity}</h2>
      <dl className="facts">
        <div>
          <dt>Identity</dt>
          <dd className="mono">{data.identity}</dd>
        </div>
        <div>
          <dt>SID</dt>
          <dd className="mono">{data.sid}</dd>
        </div>
        {/* Chat counts only the channels the user joined (not invitations); Conversations' user has no count. */}
        {data.joinedChannelsCount !== null && (
          <div>
            <dt>Joined {adapters[userRef.api].profile.terms.channels}</dt>
            <dd>{data.joinedChannelsCount}</dd>
          </div>
        )}
        {data.isOnline !== null && (
          <div>
            <dt>Online</dt>
            <dd>{yesNo(data.isOnline)}</dd>
          </div>
        )}
        {data.isNotifiable !== null && (
          <div>
            <dt>Notifiable</dt>
            <dd>{yesNo(data.isNotifiable)}</dd>
          </div>
        )}
        <div>
          <dt>Service</dt>
          <dd>{serviceName}</dd>
        </div>
      </dl>
    </section>
  );
}
