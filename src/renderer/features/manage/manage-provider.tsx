import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import type {
  ChangeEntry,
  ChangeQueueState,
  KeyHolder,
  OwnerAccount,
  WriteCapabilities,
} from '../../../shared/model';
import { useTapkeyApi } from '../../api-context';
import { useNow } from '../format/use-now';
import { ChangeStrip, type ChangeNote } from './change-strip';
import { GiveAccessDialog, type GiveSeed } from './give-access-dialog';
import { ManageContext, type Manage } from './manage-context';
import { RemoveAllDialog } from './remove-all-dialog';
import { RevokeDialog, type RevokeTarget } from './revoke-dialog';

type Open =
  | { kind: 'give'; seed: GiveSeed }
  | { kind: 'revoke'; target: RevokeTarget }
  | { kind: 'remove-all'; holder: KeyHolder }
  | null;

interface Props {
  caps: WriteCapabilities | null;
  queue: ChangeQueueState | null;
  /** A session can call Tapkey (the dialogs only open then). */
  live: boolean;
  /** Opens the journal view (from the strip). */
  onJournal: (() => void) | null;
  children: ReactNode;
}

/**
 * Managing access for the signed-in screen: the dialogs (one at a time, over the screen), the pending strip
 * under it with Undo and Refresh, and, for every screen below, a way to open them.
 */
export function ManageProvider({ caps, queue, live, onJournal, children }: Props) {
  const api = useTapkeyApi();
  const [open, setOpen] = useState<Open>(null);
  const [accounts, setAccounts] = useState<OwnerAccount[] | null>(null);
  const [dismissed, setDismissed] = useState<ReadonlySet<string>>(new Set());
  const [notes, setNotes] = useState<Record<string, ChangeNote>>({});
  const waiting = (queue?.changes ?? []).some((c) => c.status === 'waiting');
  const now = useNow(waiting ? 500 : 60_000);

  // The accounts, for Give access… opened without one: read once, when first needed.
  const needsAccounts = open?.kind === 'give' && accounts === null;
  useEffect(() => {
    if (!needsAccounts) return;
    void api.listOwnerAccounts().then((r) => setAccounts(r.ok ? r.value.accounts : []));
  }, [api, needsAccounts]);

  const canOpen = live && caps?.canWrite === true;
  const manage: Manage = useMemo(
    () => ({
      caps,
      give: (seed) => canOpen && setOpen({ kind: 'give', seed }),
      revoke: (target) => canOpen && setOpen({ kind: 'revoke', target }),
      removeAll: (holder) => canOpen && setOpen({ kind: 'remove-all', holder }),
      lastSent: queue?.changes.find((c) => c.status === 'sent')?.changeId ?? null,
    }),
    [caps, canOpen, queue],
  );

  const note = (id: string, n: ChangeNote | undefined) =>
    setNotes((all) => {
      const next = { ...all };
      if (n) next[id] = n;
      else delete next[id];
      return next;
    });
  const undo = useCallback(
    (changeId: string) => {
      note(changeId, undefined);
      void api.undoChange(changeId).then((r) => {
        // Too late: the change is being sent; the strip shows what Tapkey answers.
        if (!r.ok) note(changeId, { error: r.error.message });
      });
    },
    [api],
  );
  const refresh = useCallback(
    (changeId: string) => {
      note(changeId, { busy: true });
      void api
        .refreshChangeProgress(changeId)
        .then((r) =>
          note(changeId, r.ok ? undefined : { error: `Could not look again: ${r.error.message}` }),
        );
    },
    [api],
  );
  const close = useCallback(() => setOpen(null), []);
  // The strip shows queued changes from main's push; nothing more to do with the entries here.
  const queued = useCallback((_: ChangeEntry[]) => undefined, []);

  return (
    <ManageContext.Provider value={manage}>
      {children}
      <ChangeStrip
        queue={queue}
        dismissed={dismissed}
        notes={notes}
        now={now}
        onUndo={undo}
        onRefresh={refresh}
        onDismiss={(id) => setDismissed((d) => new Set(d).add(id))}
        onJournal={onJournal}
      />
      {open?.kind === 'give' && (
        <GiveAccessDialog seed={open.seed} accounts={accounts} onClose={close} onQueued={queued} />
      )}
      {open?.kind === 'revoke' && (
        <RevokeDialog target={open.target} onClose={close} onQueued={queued} />
      )}
      {open?.kind === 'remove-all' && (
        <RemoveAllDialog
          holder={open.holder}
          undoSeconds={Math.round((caps?.undoWindowMs ?? 0) / 1000)}
          onClose={close}
          onQueued={queued}
        />
      )}
    </ManageContext.Provider>
  );
}
