import { describeError, TwilioError } from '../lib/api-client.ts';

/** An inline error with Twilio's code, message and docs link, and a Retry when the caller can retry. */
export function ErrorPanel({
  title,
  error,
  onRetry,
}: {
  title: string;
  error: unknown;
  onRetry?: () => void;
}) {
  const moreInfo = error instanceof TwilioError ? error.moreInfo : null;
  return (
    <div role="alert" className="error-panel">
      <p className="error-title">{title}</p>
      <p>{describeError(error)}</p>
      {moreInfo && (
        <p>
          <a href={moreInfo} target="_blank" rel="noreferrer">
            Twilio's explanation of this error
          </a>
        </p>
      )}
      {onRetry && (
        <button type="button" className="button" onClick={onRetry}>
          Retry
        </button>
      )}
    </div>
  );
}
