import type { ChangeQueueState } from '../../../shared/model';
import { ModalDialog } from '../settings/modal-dialog';

interface Props {
  queue: ChangeQueueState;
  onKeep(): void;
  /** Signs out, dropping the waiting changes (nothing of them reaches Tapkey). */
  onDiscard(): void;
}

/**
 * Asked before signing out while changes wait in the undo window: they would be lost with the sign-in. A change
 * already being sent cannot be stopped, so then the only answer is to wait for it.
 */
export function SignOutPrompt({ queue, onKeep, onDiscard }: Props) {
  const open = queue.changes.filter((c) => c.status === 'waiting' || c.status === 'sending');
  const sending = open.some((c) => c.status === 'sending');
  const n = open.length;
  return (
    <ModalDialog
      labelledBy="sign-out-heading"
      className="confirm"
      onCancel={onKeep}
      testId="sign-out-prompt"
    >
      <h2 id="sign-out-heading">
        {sending
          ? 'A change is being sent'
          : n === 0
            ? 'Sign out?'
            : `Discard ${n === 1 ? 'a waiting change' : `${n} waiting changes`}?`}
      </h2>
      {sending ? (
        <p>Tapkey is receiving a change right now. Sign out when it has finished.</p>
      ) : n === 0 ? (
        // The changes went out while this was open: nothing is lost by signing out now.
        <p>Every change has been sent meanwhile; nothing waits any more.</p>
      ) : (
        <>
          <p>
            {n === 1 ? 'This change has' : 'These changes have'} not been sent yet. Signing out
            discards {n === 1 ? 'it' : 'them'}: nothing of {n === 1 ? 'it' : 'them'} reaches Tapkey.
          </p>
          <ul className="sign-out-changes">
            {open.map((c) => (
              <li key={c.changeId}>{c.title}</li>
            ))}
          </ul>
        </>
      )}
      <div className="sheet-actions">
        <button type="button" className="button" autoFocus onClick={onKeep}>
          {sending ? 'OK' : n === 0 ? 'Stay signed in' : 'Keep them'}
        </button>
        {!sending && (
          <button type="button" className="button button-danger" onClick={onDiscard}>
            {n === 0 ? 'Sign out' : 'Discard and sign out'}
          </button>
        )}
      </div>
    </ModalDialog>
  );
}
