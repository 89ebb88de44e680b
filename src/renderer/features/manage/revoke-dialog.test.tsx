// Take access away (one key), over the fake main: a person's key is previewed as a revocation at once; a card's
// key waits for where the card is, then is removed from the card (in hand) or revoked (lost); the button says
// which, and nothing is queued while the review names a problem.
import { screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { ChangeRequest } from '../../../shared/model';
import { ok } from '../../../shared/result';
import type { Answers } from '../../../../test/support/fake-main';
import { renderWithMain } from '../../../../test/support/render-with-main';
import { entry, grant, localId, plan, sendStep } from '../../../../test/support/sample-writes';
import { RevokeDialog, type RevokeTarget } from './revoke-dialog';

const OWNER = 'owner-office';
const personKey = grant('grant-1', 'lock-front', {
  kind: 'contact',
  label: 'Robin Keyholder',
  contactId: 'contact-robin',
});
const cardKey = grant('grant-2', 'lock-front', {
  kind: 'card',
  label: 'Spare 3',
  boundCardId: 'card-spare',
});

/** A preview planning the one request it was asked for. */
const previewing: Answers = {
  'writes:preview': (r: ChangeRequest) =>
    ok(
      plan({
        planId: localId(r.kind === 'delete-from-card' ? 2 : 1),
        request: r,
        steps: [
          sendStep(
            'a',
            'Front door',
            'POST',
            `Owners/${OWNER}/Grants/${'grantId' in r ? r.grantId : ''}/${r.kind === 'delete-from-card' ? 'DeleteFromCard' : 'Revoke'}`,
            null,
          ),
        ],
      }),
    ),
  'writes:submit': (planId) => ok(entry({ planId })),
};

function open(grantToTake: RevokeTarget['grant'], answers: Answers = previewing) {
  const onQueued = vi.fn();
  const onClose = vi.fn();
  const rendered = renderWithMain(
    <RevokeDialog
      target={{ ownerAccountId: OWNER, grant: grantToTake, lockTitle: 'Front door' }}
      onClose={onClose}
      onQueued={onQueued}
    />,
    answers,
  );
  return { ...rendered, onQueued, onClose };
}
const calls = (main: { calls: Array<{ channel: string; args: unknown[] }> }, channel: string) =>
  main.calls.filter((c) => c.channel === channel).map((c) => c.args[0]);
const button = (name: string) => screen.getByRole('button', { name }) as HTMLButtonElement;

describe('Take access away', () => {
  it('previews a person’s key as a revocation and queues exactly that plan', async () => {
    const { main, user, onQueued } = open(personKey);
    expect(screen.getByRole('dialog', { name: 'Take access away' })).toBeTruthy();
    expect(screen.getByText('Robin Keyholder · Front door')).toBeTruthy();
    expect((await screen.findByTestId('plan-request')).textContent).toContain(
      `POST Owners/${OWNER}/Grants/grant-1/Revoke`,
    );
    expect(calls(main, 'writes:preview')).toEqual([
      { kind: 'revoke-grant', ownerAccountId: OWNER, grantId: 'grant-1' },
    ]);
    await user.click(button('Revoke'));
    expect(calls(main, 'writes:submit')).toEqual([localId(1)]);
    expect(onQueued).toHaveBeenCalled();
  });

  it('asks where a card is first, then removes the key from a card in hand or revokes a lost card’s', async () => {
    const { main, user } = open(cardKey);
    expect(screen.getByText('Card Spare 3 · Front door')).toBeTruthy();
    expect(button('Revoke').disabled).toBe(true);
    expect(main.calls).toEqual([]);
    await user.click(screen.getByLabelText('Card is here: remove the key at the next sync'));
    expect((await screen.findByTestId('plan-request')).textContent).toContain('/DeleteFromCard');
    await user.click(screen.getByLabelText('Card is lost: revoke the key'));
    expect((await screen.findByTestId('plan-request')).textContent).toContain('grant-2/Revoke');
    await user.click(screen.getByLabelText('Card is here: remove the key at the next sync'));
    await screen.findByText(/DeleteFromCard/);
    await user.click(button('Remove from card'));
    expect(calls(main, 'writes:preview')).toEqual([
      { kind: 'delete-from-card', ownerAccountId: OWNER, grantId: 'grant-2' },
      { kind: 'revoke-grant', ownerAccountId: OWNER, grantId: 'grant-2' },
      { kind: 'delete-from-card', ownerAccountId: OWNER, grantId: 'grant-2' },
    ]);
    expect(calls(main, 'writes:submit')).toEqual([localId(2)]);
  });

  it('queues nothing while the review names a problem', async () => {
    const { main, user } = open(personKey, {
      'writes:preview': (r) =>
        ok(plan({ request: r, problems: [{ code: 'not-found', message: 'No such grant.' }] })),
    });
    expect((await screen.findByTestId('plan-problems')).textContent).toContain('No such grant.');
    expect(button('Revoke').disabled).toBe(true);
    await user.click(button('Revoke'));
    expect(calls(main, 'writes:submit')).toEqual([]);
  });
});
