import { useCallback, useEffect, useState } from 'react';
import type { ChangeEntry, ChangeRequest, KeyHolder } from '../../../shared/model';
import { CardChoice, type CardFate } from './card-choice';
import { DialogFrame } from './dialog-frame';
import { holderName } from './give-form';
import { PlanStatus } from './plan-status';
import { SendPlanButton } from './send-plan-button';
import { usePlan } from './use-plan';

interface Props {
  /** The person (found by e-mail address in every owner account) or the card whose access goes. */
  holder: KeyHolder;
  /** Seconds a change waits before it is sent (said in the confirmation). */
  undoSeconds: number;
  onClose(): void;
  onQueued(entries: ChangeEntry[]): void;
}

/** Whether a grant still gives access (documented: `Ok` is active). */
const isActive = (g: KeyHolder['grants'][number]) =>
  g.active === true || (g.active === null && g.state === 'Ok');

/**
 * The requests that take every key of `holder` away: a person is offboarded in every owner account where their
 * e-mail address holds keys (only this account when they have none); a lost card's keys are revoked; a card in
 * hand has each active key removed from it.
 */
function removeAllRequests(holder: KeyHolder, fate: CardFate | null): ChangeRequest[] {
  const owner = holder.ownerAccountId;
  if (holder.kind === 'contact')
    return [
      holder.identifier
        ? {
            kind: 'offboard',
            person: { kind: 'email', identifier: holder.identifier },
            ownerAccountIds: 'all',
          }
        : {
            kind: 'offboard',
            person: { kind: 'contact', ownerAccountId: owner, contactId: holder.id },
            ownerAccountIds: [owner],
          },
    ];
  if (fate === 'lost')
    return [{ kind: 'revoke-card', ownerAccountId: owner, boundCardId: holder.id }];
  return holder.grants
    .filter(isActive)
    .map((g) => ({ kind: 'delete-from-card', ownerAccountId: owner, grantId: g.id }));
}

/**
 * Remove all access…: a preview first (N keys on M locks in K accounts, exactly what will be sent), then a
 * confirmation that names the person or card; confirming queues the change in the undo window.
 */
export function RemoveAllDialog({ holder, undoSeconds, onClose, onQueued }: Props) {
  const card = holder.kind === 'card';
  const [fate, setFate] = useState<CardFate | null>(null);
  const [stage, setStage] = useState<'preview' | 'confirm'>('preview');
  const plan = usePlan();
  const { preview } = plan;
  const ready = !card || fate !== null;
  const name = holderName(holder);
  const requests = useCallback(() => removeAllRequests(holder, fate), [holder, fate]);
  useEffect(() => {
    if (!ready) return;
    const r = requests();
    // A card in hand with no active key has nothing to remove: said by the review, not sent.
    if (r.length) void preview(r);
  }, [ready, requests, preview]);

  const confirm = async () => {
    const entries = await plan.submit();
    if (entries) {
      onQueued(entries);
      onClose();
    }
  };
  const totals = plan.plans.reduce(
    (t, p) => ({ keys: t.keys + p.counts.keys, locks: t.locks + p.counts.locks }),
    { keys: 0, locks: 0 },
  );
  const accounts = Math.max(0, ...plan.plans.map((p) => p.counts.accounts));
  const nothing = ready && requests().length === 0;
  const summary = `${totals.keys} ${totals.keys === 1 ? 'key' : 'keys'} on ${totals.locks} ${totals.locks === 1 ? 'lock' : 'locks'} in ${accounts} ${accounts === 1 ? 'owner account' : 'owner accounts'}`;
  const verb = fate === 'here' ? 'Remove every key from' : 'Remove all access of';
  return (
    <DialogFrame
      id="remove-all-dialog"
      title={stage === 'confirm' ? `${verb} ${name}?` : 'Remove all access'}
      subtitle={stage === 'confirm' ? null : name}
      onCancel={onClose}
      busy={plan.state.status === 'previewing'}
      actions={
        <>
          {stage === 'preview' ? (
            <button
              type="button"
              className="button button-primary"
              disabled={!ready || !plan.sendable}
              onClick={() => setStage('confirm')}
            >
              Continue
            </button>
          ) : (
            <>
              <button type="button" className="button" onClick={() => setStage('preview')}>
                Back
              </button>
              <SendPlanButton plan={plan} danger onSend={() => void confirm()}>
                {verb} {name}
              </SendPlanButton>
            </>
          )}
        </>
      }
    >
      {stage === 'preview' ? (
        <>
          {card && <CardChoice value={fate} onChange={setFate} many />}
          {nothing ? (
            <p className="muted" data-testid="remove-nothing">
              {name} holds no active key: there is nothing to remove.
            </p>
          ) : (
            ready && (
              <>
                {plan.plans.length > 0 && (
                  <p className="remove-summary" data-testid="remove-summary">
                    <strong>{summary}</strong>
                  </p>
                )}
                <PlanStatus state={plan.state} onRetry={() => void preview(requests())} />
              </>
            )
          )}
        </>
      ) : (
        <div data-testid="remove-confirm">
          <p className="confirm-name">
            <strong>{name}</strong> loses {summary}.
          </p>
          <p>
            {fate === 'here'
              ? 'Each key leaves the card at its next sync; until then the card still opens those locks.'
              : 'Each key goes on its lock’s revocation list and stops working at the lock’s next sync; the Changes strip shows how many locks have synced.'}
          </p>
          <p className="muted">
            After you confirm, the change waits {undoSeconds} s before it is sent: Undo in the
            Changes strip takes it back, and then nothing reaches Tapkey.
          </p>
          {plan.state.status === 'error' && (
            <PlanStatus state={plan.state} onRetry={() => void preview(requests())} />
          )}
        </div>
      )}
    </DialogFrame>
  );
}
