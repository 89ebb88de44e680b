// Give access…, step by step over the fake main: who (validation of an address, an existing person found by it),
// where, when (dates, the weekly schedule and locks that cannot take one), and a review whose request is exactly
// the form and whose confirmation queues exactly the reviewed plan, or nothing when the plan has a problem.
import { fireEvent, screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { ChangePlan, ChangeRequest, PeopleList } from '../../../shared/model';
import { ok } from '../../../shared/result';
import type { Answers } from '../../../../test/support/fake-main';
import { renderWithMain } from '../../../../test/support/render-with-main';
import {
  card,
  entry,
  feature,
  grant,
  localId,
  robinAt,
  plan,
  sendStep,
} from '../../../../test/support/sample-writes';
import { GiveAccessDialog, type GiveSeed } from './give-access-dialog';

const OWNER = 'owner-office';
const robin = robinAt('lock-front');
const spare = card(
  OWNER,
  'card-spare',
  'Spare 3',
  Array.from({ length: 11 }, (_, i) => grant(`grant-c${i}`, `lock-${i}`, { kind: 'card' })),
);
const people: PeopleList = { ownerAccountId: OWNER, holders: [robin, spare], invalid: [] };
const locks = {
  ownerAccountId: OWNER,
  locks: [
    feature('lock-front', 'Front door'),
    feature('lock-back', 'Back door'),
    feature('lock-garage', 'Garage', 'unsupported'),
  ],
  invalid: [],
};

/**
 * Main answering the dialog's reads, and a preview that plans one request per lock of the request it got, each
 * plan with a new id (kept in `planned`, in order).
 */
function answers(planned: ChangePlan[], over: Answers = {}): Answers {
  return {
    'people:list': () => ok(people),
    'access:list-lock-features': () => ok(locks),
    'writes:preview': (request: ChangeRequest) => {
      const p = plan({
        planId: localId(planned.length + 1),
        request,
        steps:
          request.kind === 'give'
            ? request.boundLockIds.map((id) =>
                sendStep(id, id, 'PUT', `Owners/${OWNER}/Grants`, { boundLockId: id }),
              )
            : [],
      });
      planned.push(p);
      return ok(p);
    },
    'writes:submit': (planId: string) => ok(entry({ planId })),
    ...over,
  };
}

function open(seed: GiveSeed = { ownerAccountId: OWNER }, over: Answers = {}) {
  const onClose = vi.fn();
  const onQueued = vi.fn();
  const planned: ChangePlan[] = [];
  const rendered = renderWithMain(
    <GiveAccessDialog
      seed={seed}
      accounts={[{ id: OWNER, name: 'Office' } as never]}
      onClose={onClose}
      onQueued={onQueued}
    />,
    answers(planned, over),
  );
  return { ...rendered, onClose, onQueued, planned };
}

const dialog = () => screen.getByRole('dialog', { name: 'Give access' });
const button = (name: string) =>
  within(dialog()).getByRole('button', { name }) as HTMLButtonElement;
const who = () => screen.getByLabelText('Search people and cards, or type an e-mail address');
const previews = (main: { calls: Array<{ channel: string; args: unknown[] }> }) =>
  main.calls.filter((c) => c.channel === 'writes:preview').map((c) => c.args[0]);
const submits = (main: { calls: Array<{ channel: string; args: unknown[] }> }) =>
  main.calls.filter((c) => c.channel === 'writes:submit').map((c) => c.args[0]);

describe('Give access…', () => {
  it('names each step apart from the button that moves on to it', () => {
    open({ ownerAccountId: OWNER, holder: robin, lockIds: ['lock-front'] });
    const steps = within(dialog()).getByRole('list', { name: 'Steps' });
    expect(
      within(steps)
        .getAllByRole('button')
        .map((b) => b.getAttribute('aria-label')),
    ).toEqual([
      'Step 1 of 4: Who',
      'Step 2 of 4: Where',
      'Step 3 of 4: When',
      'Step 4 of 4: Review',
    ]);
    expect(
      within(steps)
        .getByRole('button', { name: 'Step 2 of 4: Where' })
        .getAttribute('aria-current'),
    ).toBe('step');
  });

  it('goes on from Who only with someone chosen, and offers a new person only for a whole address', async () => {
    const { user } = open();
    await screen.findByRole('radio', { name: /Robin Keyholder/ });
    expect(button('Next').disabled).toBe(true);
    expect(screen.getByTestId('give-step-hint').textContent).toBe(
      'Choose a person or card, or type an e-mail address.',
    );
    await user.type(who(), 'new.colleague@example');
    expect(screen.queryByRole('radio', { name: /^New person/ })).toBeNull();
    await user.keyboard('{Enter}');
    expect(button('Next').disabled).toBe(true);
    await user.type(who(), '.org');
    await user.click(
      screen.getByRole('radio', { name: /^New person: new\.colleague@example\.org/ }),
    );
    expect(button('Next').disabled).toBe(false);
  });

  it('takes an address the account already has as that person, not as a new one', async () => {
    const { user } = open();
    await screen.findByRole('radio', { name: /Robin Keyholder/ });
    await user.type(who(), 'ROBIN@example.org{Enter}');
    expect(screen.queryByRole('radio', { name: /^New person/ })).toBeNull();
    expect(
      (
        screen.getByRole('radio', {
          name: /Robin Keyholder \(robin@example\.org\)/,
        }) as HTMLInputElement
      ).checked,
    ).toBe(true);
  });

  it('says how full a card is', async () => {
    const { user } = open();
    await user.type(who(), 'spare');
    expect(
      screen.getByRole('radio', { name: 'Card Spare 3 11 of 12 keys on the card' }),
    ).toBeTruthy();
  });

  it('goes on from Where only with a lock chosen, counting them', async () => {
    const { user } = open({ ownerAccountId: OWNER, holder: robin });
    await screen.findByRole('checkbox', { name: /Front door/ });
    expect(button('Next').disabled).toBe(true);
    expect(screen.getByTestId('give-step-hint').textContent).toBe('Choose at least one lock.');
    await user.click(screen.getByRole('checkbox', { name: /Front door/ }));
    await user.click(screen.getByRole('checkbox', { name: /Back door/ }));
    expect(screen.getByTestId('give-where-count').textContent).toBe('2 locks chosen');
    expect(button('Next').disabled).toBe(false);
  });

  it('offers a weekly schedule, Mon–Fri 08:00–18:00 by default, and holds Review while it makes no sense', async () => {
    const { user } = open({ ownerAccountId: OWNER, holder: robin, lockIds: ['lock-front'] });
    await user.click(button('Next'));
    await user.click(screen.getByLabelText('Only at certain times each week'));
    for (const day of ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday'])
      expect((screen.getByLabelText(day) as HTMLInputElement).checked).toBe(true);
    for (const day of ['Saturday', 'Sunday'])
      expect((screen.getByLabelText(day) as HTMLInputElement).checked).toBe(false);
    expect((screen.getByLabelText('From') as HTMLInputElement).value).toBe('08:00');
    expect((screen.getByLabelText('To') as HTMLInputElement).value).toBe('18:00');
    fireEvent.change(screen.getByLabelText('To'), { target: { value: '07:00' } });
    expect(screen.getByTestId('give-when-problem').textContent).toBe(
      'The schedule must end after it starts on the same day (08:00–07:00).',
    );
    expect(button('Review').disabled).toBe(true);
    fireEvent.change(screen.getByLabelText('To'), { target: { value: '18:00' } });
    for (const day of ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday'])
      await user.click(screen.getByLabelText(day));
    expect(screen.getByTestId('give-when-problem').textContent).toBe(
      'Choose at least one day for the schedule.',
    );
    expect(button('Review').disabled).toBe(true);
  });

  it('refuses dates the wrong way round or an end in the past', async () => {
    const { user } = open({ ownerAccountId: OWNER, holder: robin, lockIds: ['lock-front'] });
    await user.click(button('Next'));
    await user.click(screen.getByLabelText('Choose dates'));
    fireEvent.change(screen.getByLabelText('From'), { target: { value: '2099-05-02T08:00' } });
    fireEvent.change(screen.getByLabelText('Until'), { target: { value: '2099-05-01T08:00' } });
    expect(screen.getByTestId('give-when-problem').textContent).toBe(
      '“Until” must be after “From”.',
    );
    expect(button('Review').disabled).toBe(true);
    fireEvent.change(screen.getByLabelText('From'), { target: { value: '' } });
    fireEvent.change(screen.getByLabelText('Until'), { target: { value: '2001-05-01T08:00' } });
    expect(screen.getByTestId('give-when-problem').textContent).toBe(
      '“Until” is in the past: this access would never work.',
    );
    fireEvent.change(screen.getByLabelText('Until'), { target: { value: '2099-05-01T08:00' } });
    expect(screen.queryByTestId('give-when-problem')).toBeNull();
    expect(button('Review').disabled).toBe(false);
  });

  it('does not offer a schedule on a lock that cannot keep one, and says which', async () => {
    const { user } = open({
      ownerAccountId: OWNER,
      holder: robin,
      lockIds: ['lock-front', 'lock-garage'],
    });
    await screen.findByRole('checkbox', { name: /Garage/ });
    await user.click(button('Next'));
    const scheduled = screen.getByLabelText('Only at certain times each week') as HTMLInputElement;
    expect(scheduled.disabled).toBe(true);
    expect(screen.getByTestId('give-schedule-hint').textContent).toContain(
      'Not offered: Garage does not take a weekly schedule',
    );
  });

  it('previews exactly what the form says, and queues exactly the plan it showed', async () => {
    const { main, user, onQueued, onClose, planned } = open();
    await user.type(who(), 'new.colleague@example.org{Enter}');
    await user.click(button('Next'));
    await user.click(await screen.findByRole('checkbox', { name: /Front door/ }));
    await user.click(screen.getByRole('checkbox', { name: /Back door/ }));
    await user.click(button('Next'));
    await user.click(screen.getByLabelText('Only at certain times each week'));
    await user.click(button('Review'));
    expect(await screen.findAllByTestId('plan-request')).toHaveLength(2);
    expect(previews(main)).toEqual([
      {
        kind: 'give',
        ownerAccountId: OWNER,
        holder: { kind: 'email', identifier: 'new.colleague@example.org' },
        boundLockIds: ['lock-front', 'lock-back'],
        validFrom: null,
        validBefore: null,
        schedule: { days: ['MO', 'TU', 'WE', 'TH', 'FR'], start: '08:00', end: '18:00' },
      },
    ]);
    expect(submits(main)).toEqual([]);

    // Back to Where, one lock fewer: the review is worked out again, and the new plan is the one queued.
    await user.click(within(dialog()).getByRole('button', { name: 'Step 2 of 4: Where' }));
    await user.click(screen.getByRole('checkbox', { name: /Back door/ }));
    await user.click(button('Next'));
    await user.click(button('Review'));
    expect(await screen.findAllByTestId('plan-request')).toHaveLength(1);
    const [, second] = previews(main) as Array<Extract<ChangeRequest, { kind: 'give' }>>;
    expect(second!.boundLockIds).toEqual(['lock-front']);
    await user.click(button('Give access'));
    expect(submits(main)).toEqual([planned[1]!.planId]);
    expect(onQueued).toHaveBeenCalledWith([
      expect.objectContaining({ planId: planned[1]!.planId }),
    ]);
    expect(onClose).toHaveBeenCalled();
  });

  it('sends nothing while the review names a problem (a card’s 13th key)', async () => {
    const problem =
      'Card Spare 3 holds 11 of the 12 grants a card can hold; 2 more would exceed it.';
    const { main, user, onQueued } = open(
      { ownerAccountId: OWNER, holder: spare, lockIds: ['lock-front', 'lock-back'] },
      {
        'writes:preview': (request) =>
          ok(plan({ request, problems: [{ code: 'invalid-payload', message: problem }] })),
      },
    );
    await user.click(button('Next'));
    await user.click(button('Review'));
    expect((await screen.findByTestId('plan-problems')).textContent).toContain(problem);
    expect(button('Give access').disabled).toBe(true);
    await user.click(button('Give access'));
    expect(submits(main)).toEqual([]);
    expect(onQueued).not.toHaveBeenCalled();
  });
});
