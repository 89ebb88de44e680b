import type { ReactNode } from 'react';
import { ModalDialog } from '../settings/modal-dialog';
import './manage.css';

interface Props {
  /** The dialog's id stem: `${id}-heading` names it. */
  id: string;
  title: string;
  /** One line under the title (the account, the person). */
  subtitle?: ReactNode;
  /** Esc and Cancel. */
  onCancel(): void;
  /** The steps strip, when the dialog has steps. */
  steps?: ReactNode;
  children: ReactNode;
  /** The buttons at the bottom, after Cancel. */
  actions: ReactNode;
  /** The body is waiting for main (announced to assistive technology). */
  busy?: boolean;
}

/**
 * The frame of the dialogs that change access: a modal dialog with a heading, a body that scrolls on its own
 * (so the buttons stay in view on a small window), and Cancel and the actions at the bottom.
 */
export function DialogFrame({
  id,
  title,
  subtitle,
  onCancel,
  steps,
  children,
  actions,
  busy,
}: Props) {
  return (
    <ModalDialog
      labelledBy={`${id}-heading`}
      className="manage-dialog"
      onCancel={onCancel}
      testId={id}
    >
      <div className="manage-dialog-head">
        <h2 id={`${id}-heading`}>{title}</h2>
        {subtitle && <p className="manage-dialog-sub">{subtitle}</p>}
        {steps}
      </div>
      {/* Focusable: a long review scrolls here, and keyboard users must be able to scroll it too. */}
      <div
        className="manage-dialog-body"
        aria-busy={busy || undefined}
        tabIndex={0}
        role="group"
        aria-labelledby={`${id}-heading`}
      >
        {children}
      </div>
      <div className="sheet-actions manage-dialog-actions">
        <button type="button" className="button" onClick={onCancel}>
          Cancel
        </button>
        {actions}
      </div>
    </ModalDialog>
  );
}
