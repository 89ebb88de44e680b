import { useEffect, useState } from 'react';
import type { ChangeEntry, ChangeRequest, Grant } from '../../../shared/model';
import { CardChoice, type CardFate } from './card-choice';
import { grantHolderName } from './give-form';
import { DialogFrame } from './dialog-frame';
import { PlanStatus } from './plan-status';
import { SendPlanButton } from './send-plan-button';
import { usePlan } from './use-plan';

/** One grant to take away, with where it is. */
export interface RevokeTarget {
  ownerAccountId: string;
  grant: Grant;
  /** The lock's title, when the opener knows it. */
  lockTitle: string | null;
}

interface Props {
  target: RevokeTarget;
  onClose(): void;
  onQueued(entries: ChangeEntry[]): void;
}

/** The request for one grant: revoked, or for a card in hand removed from the card. */
function requestFor(t: RevokeTarget, fate: CardFate | null): ChangeRequest {
  return fate === 'here'
    ? { kind: 'delete-from-card', ownerAccountId: t.ownerAccountId, grantId: t.grant.id }
    : { kind: 'revoke-grant', ownerAccountId: t.ownerAccountId, grantId: t.grant.id };
}

/**
 * Take one key away: for a card, first whether it is in hand or lost (each explained), then a review of the one
 * request that will be sent, with any warning; confirming queues it in the undo window.
 */
export function RevokeDialog({ target, onClose, onQueued }: Props) {
  const card = target.grant.holder.kind === 'card';
  const [fate, setFate] = useState<CardFate | null>(null);
  const plan = usePlan();
  const { preview } = plan;
  const ready = !card || fate !== null;
  useEffect(() => {
    if (ready) void preview([requestFor(target, fate)]);
  }, [ready, fate, target, preview]);

  const confirm = async () => {
    const entries = await plan.submit();
    if (entries) {
      onQueued(entries);
      onClose();
    }
  };
  const who = grantHolderName(target.grant.holder);
  const where = target.lockTitle ?? target.grant.boundLockId;
  return (
    <DialogFrame
      id="revoke-dialog"
      title="Take access away"
      subtitle={`${card ? 'Card ' : ''}${who} · ${where}`}
      onCancel={onClose}
      busy={plan.state.status === 'previewing'}
      actions={
        <SendPlanButton plan={plan} ready={ready} danger onSend={() => void confirm()}>
          {fate === 'here' ? 'Remove from card' : 'Revoke'}
        </SendPlanButton>
      }
    >
      {card && <CardChoice value={fate} onChange={setFate} many={false} />}
      {ready && (
        <PlanStatus state={plan.state} onRetry={() => void preview([requestFor(target, fate)])} />
      )}
    </DialogFrame>
  );
}
