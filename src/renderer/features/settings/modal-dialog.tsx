import { useEffect, useRef, type ReactNode } from 'react';

interface Props {
  /** The id of the dialog's heading (its accessible name). */
  labelledBy: string;
  className?: string;
  /** Esc (the dialog's cancel event): the owner decides, e.g. asks before discarding edits. */
  onCancel(): void;
  children: ReactNode;
  testId?: string;
}

/**
 * A native modal <dialog>: the page below becomes inert (focus and screen readers stay inside), Esc asks
 * `onCancel` instead of closing on its own, and focus returns to where it was when the dialog closes.
 */
export function ModalDialog({ labelledBy, className, onCancel, children, testId }: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  const cancel = useRef(onCancel);
  useEffect(() => {
    cancel.current = onCancel;
  });
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    const before = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (!d.open) d.showModal();
    const onCancelEvent = (e: Event) => {
      e.preventDefault();
      cancel.current();
    };
    d.addEventListener('cancel', onCancelEvent);
    return () => {
      d.removeEventListener('cancel', onCancelEvent);
      if (d.open) d.close();
      if (before && document.contains(before)) before.focus();
    };
  }, []);
  return (
    <dialog
      ref={ref}
      aria-labelledby={labelledBy}
      className={`modal ${className ?? ''}`}
      data-testid={testId}
    >
      {children}
    </dialog>
  );
}
