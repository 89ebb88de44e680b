// The pending strip's states, each on its own: the countdown and Undo of a waiting change, what Tapkey answered
// (never more than it confirmed: refused, unknown and not-sent requests are counted), progress with Refresh, and
// Undo and Refresh as they reach main (the fake of test/support/fake-main).
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { ChangeEntry, StepOutcome } from '../../../shared/model';
import { fail, ok } from '../../../shared/result';
import { renderWithMain } from '../../../../test/support/render-with-main';
import { canWrite, entry, localId, queueOf } from '../../../../test/support/sample-writes';
import { ChangeStrip } from './change-strip';
import { ManageProvider } from './manage-provider';

const QUEUED = Date.parse('2026-12-01T10:00:00.000Z');

function showStrip(changes: ChangeEntry[], now = QUEUED, dismissed: string[] = []) {
  const on = { onUndo: vi.fn(), onRefresh: vi.fn(), onDismiss: vi.fn() };
  const view = render(
    <ChangeStrip
      queue={queueOf(...changes)}
      dismissed={new Set(dismissed)}
      notes={{}}
      now={now}
      {...on}
      onJournal={null}
    />,
  );
  return { ...on, ...view };
}

const outcome = (key: string, over: Partial<StepOutcome>): StepOutcome => ({
  key,
  status: 'done',
  message: 'Given.',
  code: null,
  grantId: null,
  contactId: null,
  lookedUp: false,
  ...over,
});

const items = () => screen.queryAllByTestId('change-item');
const stateOf = (item: HTMLElement) => within(item).getByTestId('change-state').textContent;

describe('the pending strip', () => {
  it('is absent while nothing is queued', () => {
    showStrip([]);
    expect(screen.queryByTestId('change-strip')).toBeNull();
  });

  it('counts a waiting change down to its send time and offers Undo, named for the change', async () => {
    const waiting = entry();
    const { onUndo, rerender } = showStrip([waiting]);
    expect(screen.getByRole('heading', { name: 'Changes: 1 waiting to be sent' })).toBeTruthy();
    const [item] = items();
    expect(item!.getAttribute('data-status')).toBe('waiting');
    expect(stateOf(item!)).toBe('Sending in 5 s. Undo takes it back: nothing reaches Tapkey.');
    // 3.2 s later: the seconds left are rounded up, never shown as 0 while the change can still be undone.
    rerender(
      <ChangeStrip
        queue={queueOf(waiting)}
        dismissed={new Set()}
        notes={{}}
        now={QUEUED + 4_200}
        onUndo={onUndo}
        onRefresh={vi.fn()}
        onDismiss={vi.fn()}
        onJournal={null}
      />,
    );
    expect(stateOf(items()[0]!)).toBe(
      'Sending in 1 s. Undo takes it back: nothing reaches Tapkey.',
    );
    expect(screen.queryByRole('button', { name: /^Dismiss/ })).toBeNull();
    await userEvent.click(screen.getByRole('button', { name: `Undo: ${waiting.title}` }));
    expect(onUndo).toHaveBeenCalledWith(waiting.changeId);
  });

  it('lists the next change to be sent first, then finished ones newest first, at most three of them', () => {
    const change = (n: number, status: ChangeEntry['status']) =>
      entry({ changeId: localId(n), title: `Change ${n}`, status });
    // Main sends the queue newest first.
    showStrip(
      [
        change(6, 'waiting'),
        change(5, 'waiting'),
        change(4, 'undone'),
        change(3, 'discarded'),
        change(2, 'undone'),
        change(1, 'undone'),
      ],
      QUEUED,
      [localId(3)],
    );
    expect(items().map((i) => within(i).getByText(/^Change/).textContent)).toEqual([
      'Change 5',
      'Change 6',
      'Change 4',
      'Change 2',
      'Change 1',
    ]);
  });

  it('says an undone or discarded change sent nothing', () => {
    showStrip([
      entry({ changeId: localId(2), status: 'discarded' }),
      entry({ changeId: localId(1), status: 'undone' }),
    ]);
    expect(items().map(stateOf)).toEqual([
      'Discarded before sending: nothing reached Tapkey.',
      'Undone: nothing was sent to Tapkey.',
    ]);
    expect(screen.queryByRole('button', { name: /^Undo/ })).toBeNull();
    expect(screen.getByRole('heading', { name: 'Changes' })).toBeTruthy();
  });

  it('counts every request that did not go through, refused (forbidden), unknown and not sent, and lists why', () => {
    showStrip([
      entry({
        status: 'sent',
        total: 4,
        outcomes: [
          outcome('a', {}),
          outcome('b', {
            status: 'refused',
            code: 'forbidden',
            message: 'Front door: Tapkey refused this (your role in Office may not give access).',
          }),
          outcome('c', {
            status: 'unknown',
            code: 'outcome-unknown',
            message: 'Back door: the answer was lost; the journal looks it up again.',
          }),
          outcome('d', {
            status: 'not-sent',
            code: 'not-signed-in',
            message: 'Garage: not sent, the sign-in ended.',
          }),
        ],
        progress: null,
      }),
    ]);
    const [item] = items();
    expect(stateOf(item!)).toBe(
      '1 of 4 requests went through; 1 refused, 1 with an unknown outcome, 1 not sent. Front door: Tapkey refused this (your role in Office may not give access).',
    );
    const details = within(item!).getByText('What did not go through (3)').closest('details')!;
    expect(
      within(details)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual([
      'Front door: Tapkey refused this (your role in Office may not give access).',
      'Back door: the answer was lost; the journal looks it up again.',
      'Garage: not sent, the sign-in ended.',
    ]);
    // Nothing is on its way for the requests that failed; the one that went through has no progress to wait for.
    expect(within(item!).queryByTestId('change-progress')).toBeNull();
  });

  it('shows a revocation as pending until every lock synced: Refresh while it is, none once it took effect', async () => {
    const pending = entry({
      kind: 'revoke-grant',
      title: 'Revoke Robin’s key for Front door',
      status: 'sent',
      total: 1,
      outcomes: [outcome('a', { message: 'Revoked.' })],
      progress: {
        checkedAt: '2026-12-01T10:00:07.000Z',
        steps: [],
        summary: "Revoked: takes effect at each lock's next sync (0 of 1 lock synced)",
        complete: false,
      },
    });
    const { onRefresh, unmount } = showStrip([pending]);
    const [item] = items();
    expect(stateOf(item!)).toBe('Tapkey accepted the request.');
    expect(within(item!).getByTestId('change-progress').textContent).toBe(
      "Revoked: takes effect at each lock's next sync (0 of 1 lock synced).",
    );
    await userEvent.click(
      screen.getByRole('button', { name: `Refresh progress of: ${pending.title}` }),
    );
    expect(onRefresh).toHaveBeenCalledWith(pending.changeId);
    unmount();

    showStrip([
      {
        ...pending,
        progress: {
          ...pending.progress!,
          summary: 'Revoked: in effect at every lock.',
          complete: true,
        },
      },
    ]);
    expect(screen.getByTestId('change-progress').textContent).toBe(
      'Revoked: in effect at every lock.',
    );
    expect(screen.queryByRole('button', { name: /^Refresh progress/ })).toBeNull();
  });

  it('offers no Refresh for a change of which nothing went through', () => {
    showStrip([
      entry({
        status: 'sent',
        total: 1,
        outcomes: [outcome('a', { status: 'failed', code: 'network', message: 'No connection.' })],
        progress: { checkedAt: QUEUED.toString(), steps: [], summary: 'Unknown', complete: false },
      }),
    ]);
    expect(stateOf(items()[0]!)).toBe('0 of 1 request went through; 1 failed. No connection.');
    expect(screen.queryByRole('button', { name: /^Refresh progress/ })).toBeNull();
  });
});

describe('the pending strip over main', () => {
  const waiting = entry();
  const shell = (answers: Parameters<typeof renderWithMain>[1]) =>
    renderWithMain(
      <ManageProvider caps={canWrite} queue={queueOf(waiting)} live onJournal={null}>
        <p>screen</p>
      </ManageProvider>,
      answers,
    );

  it('Undo asks main to take that change back, and nothing else', async () => {
    const { main, user } = shell({ 'writes:undo': () => ok({ ...waiting, status: 'undone' }) });
    await user.click(screen.getByRole('button', { name: `Undo: ${waiting.title}` }));
    expect(main.calls).toEqual([{ channel: 'writes:undo', args: [waiting.changeId] }]);
    expect(screen.queryByTestId('change-error')).toBeNull();
  });

  it('says so when the Undo came too late (the change is being sent)', async () => {
    const { user } = shell({
      'writes:undo': () =>
        fail('too-late', 'Too late to undo: this change has already been sent to Tapkey.'),
    });
    await user.click(screen.getByRole('button', { name: `Undo: ${waiting.title}` }));
    expect((await screen.findByRole('alert')).textContent).toBe(
      'Too late to undo: this change has already been sent to Tapkey.',
    );
  });

  it('says when progress could not be looked at again', async () => {
    const sent = entry({
      status: 'sent',
      total: 1,
      outcomes: [outcome('a', {})],
      progress: {
        checkedAt: '2026-12-01T10:00:07.000Z',
        steps: [],
        summary: 'Pending',
        complete: false,
      },
    });
    const { main, user } = renderWithMain(
      <ManageProvider caps={canWrite} queue={queueOf(sent)} live onJournal={null}>
        <p>screen</p>
      </ManageProvider>,
      { 'writes:refresh-progress': () => fail('network', 'No connection to Tapkey.') },
    );
    await user.click(screen.getByRole('button', { name: /^Refresh progress/ }));
    expect((await screen.findByTestId('change-error')).textContent).toBe(
      'Could not look again: No connection to Tapkey.',
    );
    expect(main.calls).toEqual([{ channel: 'writes:refresh-progress', args: [sent.changeId] }]);
  });
});
