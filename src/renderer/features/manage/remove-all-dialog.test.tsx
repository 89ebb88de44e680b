// Remove all access…, over the fake main: what is asked (a person by address in every account, a person without
// one in theirs, a lost card revoked, a card in hand emptied key by key), the preview's counts, a confirmation that
// names the holder, and nothing queued before it is confirmed.
import { screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { ChangeRequest, KeyHolder } from '../../../shared/model';
import { fail, ok } from '../../../shared/result';
import type { Answers } from '../../../../test/support/fake-main';
import { renderWithMain } from '../../../../test/support/render-with-main';
import {
  card,
  entry,
  grant,
  localId,
  person,
  robinAt,
  plan,
  sendStep,
} from '../../../../test/support/sample-writes';
import { RemoveAllDialog } from './remove-all-dialog';

const OWNER = 'owner-office';
const robin = robinAt('lock-front', 'lock-back');

/** A preview of an offboarding: 3 keys on 2 locks in 2 accounts, two requests. */
const offboardPlan = (request: ChangeRequest, n = 1) =>
  plan({
    planId: localId(n),
    request,
    title: 'Remove all access of robin@example.org',
    steps: [
      sendStep(
        'a',
        'Office',
        'POST',
        'Owners/owner-office/Contacts/contact-robin/RevokeGrants',
        null,
      ),
      sendStep('b', 'Home', 'POST', 'Owners/owner-home/Contacts/contact-r2/RevokeGrants', null),
    ],
    counts: { send: 2, already: 0, refused: 0, keys: 3, locks: 2, accounts: 2 },
  });

function open(holder: KeyHolder, answers: Answers) {
  const onClose = vi.fn();
  const onQueued = vi.fn();
  const rendered = renderWithMain(
    <RemoveAllDialog holder={holder} undoSeconds={5} onClose={onClose} onQueued={onQueued} />,
    answers,
  );
  return { ...rendered, onClose, onQueued };
}

const channel = (main: { calls: Array<{ channel: string; args: unknown[] }> }, name: string) =>
  main.calls.filter((c) => c.channel === name).map((c) => c.args[0]);

describe('Remove all access…', () => {
  it('previews a person by e-mail address in every account, counts it, and queues only after the named confirmation', async () => {
    const { main, user, onQueued, onClose } = open(robin, {
      'writes:preview': (r) => ok(offboardPlan(r)),
      'writes:submit': (planId) => ok(entry({ planId, kind: 'offboard' })),
    });
    expect(screen.getByRole('dialog', { name: 'Remove all access' })).toBeTruthy();
    expect((await screen.findByTestId('remove-summary')).textContent).toBe(
      '3 keys on 2 locks in 2 owner accounts',
    );
    expect(channel(main, 'writes:preview')).toEqual([
      {
        kind: 'offboard',
        person: { kind: 'email', identifier: 'robin@example.org' },
        ownerAccountIds: 'all',
      },
    ]);
    expect(screen.getAllByTestId('plan-request')).toHaveLength(2);
    await user.click(screen.getByRole('button', { name: 'Continue' }));
    expect(channel(main, 'writes:submit')).toEqual([]);

    const confirm = screen.getByRole('dialog', {
      name: 'Remove all access of Robin Keyholder (robin@example.org)?',
    });
    expect(within(confirm).getByTestId('remove-confirm').textContent).toContain(
      'Robin Keyholder (robin@example.org) loses 3 keys on 2 locks in 2 owner accounts.',
    );
    expect(within(confirm).getByTestId('remove-confirm').textContent).toContain(
      'the change waits 5 s before it is sent',
    );
    // Back, then on again: still nothing queued.
    await user.click(within(confirm).getByRole('button', { name: 'Back' }));
    await user.click(screen.getByRole('button', { name: 'Continue' }));
    await user.click(
      screen.getByRole('button', {
        name: 'Remove all access of Robin Keyholder (robin@example.org)',
      }),
    );
    expect(channel(main, 'writes:submit')).toEqual([localId(1)]);
    expect(onQueued).toHaveBeenCalledWith([expect.objectContaining({ planId: localId(1) })]);
    expect(onClose).toHaveBeenCalled();
  });

  it('offboards a person without an e-mail address in their own account only', async () => {
    const nameless = person(OWNER, 'contact-7', null, 'Caretaker', robin.grants);
    const { main } = open(nameless, { 'writes:preview': (r) => ok(offboardPlan(r)) });
    await screen.findByTestId('remove-summary');
    expect(channel(main, 'writes:preview')).toEqual([
      {
        kind: 'offboard',
        person: { kind: 'contact', ownerAccountId: OWNER, contactId: 'contact-7' },
        ownerAccountIds: [OWNER],
      },
    ]);
  });

  it('asks where a card is before anything is previewed, and says what each choice means', async () => {
    const spare = card(OWNER, 'card-spare', 'Spare 3', [
      grant('grant-c1', 'lock-front', { kind: 'card' }),
      grant('grant-c2', 'lock-back', { kind: 'card' }, { active: false, state: 'Revoked' }),
      grant('grant-c3', 'lock-garage', { kind: 'card' }),
    ]);
    const { main, user } = open(spare, {
      'writes:preview': (r) =>
        ok(plan({ planId: localId(r.kind === 'revoke-card' ? 9 : 8), request: r })),
    });
    expect((screen.getByRole('button', { name: 'Continue' }) as HTMLButtonElement).disabled).toBe(
      true,
    );
    expect(main.calls).toEqual([]);
    expect(screen.getByLabelText('Card is here: remove its keys at the next sync')).toBeTruthy();
    expect(screen.getByText(/Nothing goes on a revocation list/)).toBeTruthy();
    expect(
      screen.getByText(/when it overflows, older keys on that lock are revoked too/),
    ).toBeTruthy();

    await user.click(screen.getByLabelText('Card is lost: revoke its keys'));
    await screen.findByTestId('plan-review');
    expect(channel(main, 'writes:preview')).toEqual([
      { kind: 'revoke-card', ownerAccountId: OWNER, boundCardId: 'card-spare' },
    ]);

    // In hand: each key that still works is removed from the card; the revoked one is left alone.
    await user.click(screen.getByLabelText('Card is here: remove its keys at the next sync'));
    await screen.findByTestId('plan-review');
    expect(channel(main, 'writes:preview').slice(1)).toEqual([
      { kind: 'delete-from-card', ownerAccountId: OWNER, grantId: 'grant-c1' },
      { kind: 'delete-from-card', ownerAccountId: OWNER, grantId: 'grant-c3' },
    ]);
  });

  it('says a card in hand without active keys has nothing to remove, and sends nothing', async () => {
    const empty = card(OWNER, 'card-empty', 'Spare 4', [
      grant('grant-x', 'lock-front', { kind: 'card' }, { active: false, state: 'Revoked' }),
    ]);
    const { main, user } = open(empty, {});
    await user.click(screen.getByLabelText('Card is here: remove its keys at the next sync'));
    expect(screen.getByTestId('remove-nothing').textContent).toBe(
      'Card Spare 4 holds no active key: there is nothing to remove.',
    );
    expect((screen.getByRole('button', { name: 'Continue' }) as HTMLButtonElement).disabled).toBe(
      true,
    );
    expect(main.calls).toEqual([]);
  });

  it('says why the preview failed, offers Retry, and cannot go on', async () => {
    const { main, user } = open(robin, {
      'writes:preview': () => fail('network', 'No connection to Tapkey.'),
    });
    expect((await screen.findByTestId('plan-error')).textContent).toContain(
      'No connection to Tapkey.',
    );
    expect((screen.getByRole('button', { name: 'Continue' }) as HTMLButtonElement).disabled).toBe(
      true,
    );
    main.answer({ 'writes:preview': (r) => ok(offboardPlan(r)) });
    await user.click(screen.getByRole('button', { name: 'Retry' }));
    expect((await screen.findByTestId('remove-summary')).textContent).toBe(
      '3 keys on 2 locks in 2 owner accounts',
    );
  });
});
