import { useCallback, useState } from 'react';
import type { BoundLock } from '../../../shared/model';
import { VirtualListbox } from '../../ui/virtual-listbox';
import { LockRow } from './lock-row';

interface Props {
  locks: readonly BoundLock[];
  onOpen(lock: BoundLock): void;
  labelledBy: string;
  describedBy?: string;
  idPrefix: string;
  /** Names the owner account on each row, for results that span accounts. */
  accountNameOf?: (ownerAccountId: string) => string;
  testId?: string;
}

/** A virtualised list of locks; Enter or click opens a lock's details. */
export function BoundLocksList({ locks, onOpen, labelledBy, describedBy, idPrefix, accountNameOf, testId }: Props) {
  const [active, setActive] = useState(-1);
  const onActivate = useCallback((i: number) => onOpen(locks[i]!), [locks, onOpen]);
  return (
    <VirtualListbox
      items={locks}
      getKey={(l) => `${l.ownerAccountId}/${l.id}`}
      idPrefix={idPrefix}
      labelledBy={labelledBy}
      describedBy={describedBy}
      activeIndex={Math.min(active, locks.length - 1)}
      onActiveChange={setActive}
      onActivate={onActivate}
      estimateSize={72}
      testId={testId ?? 'bound-locks'}
      renderItem={(lock) => <LockRow lock={lock} accountName={accountNameOf?.(lock.ownerAccountId)} />}
    />
  );
}
