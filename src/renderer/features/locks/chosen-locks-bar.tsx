import type { BoundLock, WriteCapabilities } from '../../../shared/model';
import { WriteGate } from '../manage/write-gate';

interface Props {
  locks: readonly BoundLock[];
  caps: WriteCapabilities | null;
  onGive(): void;
  onClear(): void;
}

/**
 * Above the lock table while several locks are chosen (Ctrl/Cmd- or Shift-click): how many, and Give access…
 * for all of them, which works within one owner account at a time.
 */
export function ChosenLocksBar({ locks, caps, onGive, onClear }: Props) {
  const accounts = new Set(locks.map((l) => l.ownerAccountId)).size;
  return (
    <div className="chosen-bar" role="region" aria-label="Chosen locks" data-testid="chosen-bar">
      <p className="chosen-count">
        {locks.length} locks chosen
        {accounts > 1 && ` in ${accounts} owner accounts: give access in one account at a time`}
      </p>
      <WriteGate
        caps={caps}
        id="chosen-write-hint"
        className="button button-small"
        actions={[{ label: 'Give access…', onClick: onGive, blocked: accounts > 1 }]}
      />
      <button type="button" className="button button-small" onClick={onClear}>
        Clear
      </button>
    </div>
  );
}
