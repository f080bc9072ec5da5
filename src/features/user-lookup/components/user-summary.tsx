import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { TwilioError } from '../../../lib/api-client.ts';
import { adapters } from '../../../lib/twilio/adapters.ts';
import type { UserSummary as UserData } from '../../../lib/twilio/membership.ts';
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

/** A value not loaded yet, about as wide as it will be. */
const placeholder = (width: string) => <span className="skeleton skeleton-text" style={{ width }} />;

interface Fact {
  label: string;
  value: ReactNode;
  mono?: boolean;
}

/**
 * The facts the summary shows, in order; `data` null while the user loads, each value then a placeholder about as
 * wide as it will be. One list for both, so the loading summary wraps as the loaded one will and the channels below
 * don't move down when the user comes (CLS).
 */
function userFacts(userRef: UserRef, serviceName: string, data: UserData | null): Fact[] {
  const profile = adapters[userRef.api].profile;
  const facts: Fact[] = [
    {
      label: 'Identity',
      mono: true,
      value: data ? data.identity : placeholder(`${Math.min(userRef.user.length, 40)}ch`),
    },
    { label: 'SID', mono: true, value: data ? data.sid : placeholder('34ch') },
  ];
  // Chat counts only the channels the user joined (not invitations); Conversations' user has no count.
  if (data ? data.joinedChannelsCount !== null : profile.hasJoinedCount) {
    facts.push({
      label: `Joined ${profile.terms.channels}`,
      value: data ? data.joinedChannelsCount : placeholder('2ch'),
    });
  }
  if (!data || data.isOnline !== null) {
    facts.push({ label: 'Online', value: data ? yesNo(data.isOnline) : placeholder('3ch') });
  }
  if (!data || data.isNotifiable !== null) {
    facts.push({ label: 'Notifiable', value: data ? yesNo(data.isNotifiable) : placeholder('3ch') });
  }
  facts.push({ label: 'Service', value: serviceName });
  return facts;
}

/** The summary, loaded or loading (busy: hidden from assistive technology, which hears that it is busy). */
function SummaryLayout({ name, facts, busy }: { name: ReactNode; facts: Fact[]; busy: boolean }) {
  return (
    <section className="user-summary" aria-label="User" aria-busy={busy || undefined}>
      {busy ? (
        <div className="user-name" aria-hidden="true">
          {name}
        </div>
      ) : (
        <h2 className="user-name">{name}</h2>
      )}
      <dl className="facts" aria-hidden={busy || undefined}>
        {facts.map((fact) => (
          <div key={fact.label}>
            <dt>{fact.label}</dt>
            <dd className={fact.mono ? 'mono' : undefined}>{fact.value}</dd>
          </div>
        ))}
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

  if (user.isPending) {
    return <SummaryLayout busy name={placeholder('10rem')} facts={userFacts(userRef, serviceName, null)} />;
  }
  if (user.isError) {
    if (isUnknownUser(user.error)) {
      return <UnknownUser userRef={userRef} serviceName={serviceName} userHref={userHref} />;
    }
    return (
      <ErrorPanel title="Couldn't load the user" error={user.error} onRetry={() => void user.refetch()} />
    );
  }
  return (
    <SummaryLayout
      busy={false}
      name={user.data.friendlyName || user.data.identity}
      facts={userFacts(userRef, serviceName, user.data)}
    />
  );
}
