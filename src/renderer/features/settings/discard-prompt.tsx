import { ModalDialog } from './modal-dialog';

interface Props {
  onKeepEditing(): void;
  onDiscard(): void;
}

/** "Discard changes?" over the Settings sheet, when it is closed with edits; Esc keeps editing. */
export function DiscardPrompt({ onKeepEditing, onDiscard }: Props) {
  return (
    <ModalDialog
      labelledBy="discard-heading"
      className="confirm"
      onCancel={onKeepEditing}
      testId="discard-prompt"
    >
      <h2 id="discard-heading">Discard changes?</h2>
      <p>Your changes to the settings have not been saved.</p>
      <div className="sheet-actions">
        <button type="button" className="button" autoFocus onClick={onKeepEditing}>
          Keep editing
        </button>
        <button type="button" className="button button-danger" onClick={onDiscard}>
          Discard
        </button>
      </div>
    </ModalDialog>
  );
}
