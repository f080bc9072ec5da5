import { useSession } from '../api/get-session.ts';

/** Who is signed in, and a "Demo" badge when the server talks to the fake Twilio. */
export function SessionBadge() {
  const session = useSession();
  if (session.isError) {
    return (
      <p role="alert" className="session-error">
        Couldn't read the session; editing is off.
      </p>
    );
  }
  // Loading: an empty slot holds the badge's place, so the header doesn't grow when it arrives (CLS on phones,
  // where the badge wraps onto a line of its own).
  if (!session.data) return <div className="session" aria-hidden="true" />;
  const { mode, agent } = session.data;
  return (
    <div className="session">
      {mode === 'demo' && (
        <span className="badge badge-demo" title="Data comes from Horizon's built-in fake Twilio">
          Demo
        </span>
      )}
      <span className="session-agent">
        {agent.name} <span className="session-role">({agent.role})</span>
      </span>
    </div>
  );
}
