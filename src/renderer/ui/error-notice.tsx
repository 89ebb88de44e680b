interface Props {
  /** What failed, in bold: "Could not load your owner accounts." */
  title: string;
  /** Why, in main's words. */
  message: string;
  /** Offers Retry when given. */
  onRetry?: () => void;
  testId?: string;
}

/** A failure announced as an alert: what failed, why, and Retry where trying again can help. */
export function ErrorNotice({ title, message, onRetry, testId }: Props) {
  return (
    <div className="notice notice-error" role="alert" data-testid={testId}>
      <p>
        <strong>{title}</strong> {message}
      </p>
      {onRetry && (
        <button type="button" className="button" onClick={onRetry}>
          Retry
        </button>
      )}
    </div>
  );
}
