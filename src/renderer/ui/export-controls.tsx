import { useState } from 'react';
import type { Result } from '../../shared/result';

/** What became of an export the user asked for. */
interface Outcome {
  ok: boolean;
  text: string;
}

/**
 * An export a view offers: `start` runs it (null from `run`: the user cancelled the save dialog, and nothing is
 * said); `note` says what became of the last one, in `done`'s words when it worked.
 */
export function useExport<T>(run: () => Promise<Result<T | null>>, done: (value: T) => string) {
  const [exporting, setExporting] = useState(false);
  const [note, setNote] = useState<Outcome | null>(null);
  const start = async () => {
    setExporting(true);
    setNote(null);
    const r = await run();
    setExporting(false);
    if (!r.ok) setNote({ ok: false, text: `Export failed. ${r.error.message}` });
    else if (r.value) setNote({ ok: true, text: done(r.value) });
  };
  return { exporting, note, start };
}

/** Export…, disabled while an export runs or when `disabled`. */
export function ExportButton(props: { exporting: boolean; disabled: boolean; onClick(): void }) {
  return (
    <button
      type="button"
      className="button"
      disabled={props.exporting || props.disabled}
      onClick={props.onClick}
    >
      {props.exporting ? 'Exporting…' : 'Export…'}
    </button>
  );
}

/** The last export's outcome: a status when it worked, an alert when not. */
export function ExportNote({ note, testId }: { note: Outcome | null; testId: string }) {
  if (!note) return null;
  return (
    <p
      className={`notice ${note.ok ? 'notice-ok' : 'notice-error'}`}
      role={note.ok ? 'status' : 'alert'}
      data-testid={testId}
    >
      {note.text}
    </p>
  );
}
