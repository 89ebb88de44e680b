/** The outcome of File → Export…: where the file went, or why it was not written. */
export type ExportNotice = { kind: 'done'; text: string } | { kind: 'error'; text: string };

/** The export's outcome above the screen, until dismissed. */
export function ExportNoticeView({
  notice,
  onDismiss,
}: {
  notice: ExportNotice;
  onDismiss(): void;
}) {
  const error = notice.kind === 'error';
  return (
    <div
      className={`notice ${error ? 'notice-error' : 'notice-ok'}`}
      role={error ? 'alert' : 'status'}
      data-testid="export-notice"
    >
      <p>{notice.text}</p>
      <button type="button" className="button button-quiet" onClick={onDismiss}>
        Dismiss
      </button>
    </div>
  );
}
