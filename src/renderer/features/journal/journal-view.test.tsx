// The Journal view over the fake main: the records as main filters them, the filters as the query main gets, a
// lost answer settled later, nothing yet and nothing matching, a journal that cannot be read, and the export of
// exactly what is shown.
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { JournalPage, JournalQuery, JournalRecord, OwnerAccount } from '../../../shared/model';
import { fail, ok } from '../../../shared/result';
import type { Answers } from '../../../../test/support/fake-main';
import { expectRetryHeals, renderWithMain } from '../../../../test/support/render-with-main';
import { journalRecord, localId } from '../../../../test/support/sample-writes';
import { JournalView } from './journal-view';

const accounts: OwnerAccount[] = [
  { id: 'owner-office', name: 'Office', active: true },
  { id: 'owner-home', name: 'Home', active: true },
];
const given = journalRecord();
const lost = journalRecord({
  entryId: localId(101),
  at: '2026-12-01T11:00:00.000Z',
  source: 'cli',
  operation: 'revoke-grant',
  title: 'Revoke robin@example.org’s key for Back door',
  target: { ...given.target, boundLockId: 'lock-2', lockTitle: 'Back door' },
  request: { method: 'POST', path: 'Owners/owner-office/Grants/grant-2/Revoke', body: null },
  status: 'unknown',
  message: 'The answer was lost.',
  errorCode: 'outcome-unknown',
  resolution: {
    status: 'done',
    message: 'Tapkey has it revoked.',
    at: '2026-12-01T11:05:00.000Z',
    grantId: 'grant-2',
  },
});
const page = (records: JournalRecord[], over: Partial<JournalPage> = {}): JournalPage => ({
  records,
  total: records.length,
  unresolved: 0,
  unreadableLines: 0,
  ...over,
});

/** Main filtering [lost, given] by outcome the way the journal does (the settled outcome counts). */
const filtering: Answers = {
  'journal:list': (q: JournalQuery) =>
    ok(
      page(
        [lost, given].filter((r) => !q.status || (r.resolution?.status ?? r.status) === q.status),
      ),
    ),
};

const show = (answers: Answers) => renderWithMain(<JournalView accounts={accounts} />, answers);
const queries = (main: { calls: Array<{ channel: string; args: unknown[] }> }) =>
  main.calls.filter((c) => c.channel === 'journal:list').map((c) => c.args[0]);

describe('the Journal view', () => {
  it('lists what was sent, newest first, with the request, the target and the outcome as it stands', async () => {
    show(filtering);
    const rows = await screen.findAllByTestId('journal-row');
    expect(rows).toHaveLength(2);
    const cells = within(rows[0]!)
      .getAllByRole('cell')
      .map((c) => c.textContent);
    expect(cells[0]).toContain('Command line');
    expect(cells[1]).toBe(
      'Revoke robin@example.org’s key for Back doorRevoke a key · POST Owners/owner-office/Grants/grant-2/Revoke',
    );
    expect(cells[2]).toBe('Back door · robin@example.org · Office');
    // The lost answer, settled by a later look-up: it reads as done, saying so.
    expect(rows[0]!.getAttribute('data-status')).toBe('done');
    expect(cells[3]).toBe('DoneThe answer was lost. Later: Tapkey has it revoked.');
    expect(within(rows[1]!).getAllByRole('cell')[0]!.textContent).toContain('App');
    expect(screen.getByTestId('journal-summary').textContent).toBe('2 records.');
  });

  it('asks main with the filters set, and says when nothing matches them', async () => {
    const { main, user } = show(filtering);
    await screen.findAllByTestId('journal-row');
    await user.selectOptions(screen.getByLabelText('Outcome'), 'failed');
    expect((await screen.findByTestId('journal-empty')).textContent).toBe(
      'No change matches these filters.',
    );
    await user.selectOptions(screen.getByLabelText('Change'), 'give');
    await user.selectOptions(screen.getByLabelText('Account'), 'owner-home');
    await user.type(screen.getByLabelText('Search'), 'robin');
    await waitFor(() =>
      expect(queries(main).at(-1)).toEqual({
        status: 'failed',
        operation: 'give',
        ownerAccountId: 'owner-home',
        text: 'robin',
      }),
    );
    await user.click(screen.getByRole('button', { name: 'Clear filters' }));
    await waitFor(() => expect(queries(main).at(-1)).toEqual({}));
    expect(await screen.findAllByTestId('journal-row')).toHaveLength(2);
  });

  it('says when nothing was changed yet, and offers no export', async () => {
    show({ 'journal:list': () => ok(page([])) });
    expect((await screen.findByTestId('journal-empty')).textContent).toMatch(
      /^No change has been made from this computer yet/,
    );
    expect((screen.getByRole('button', { name: 'Export…' }) as HTMLButtonElement).disabled).toBe(
      true,
    );
  });

  it('counts outcomes still unknown and lines it could not read', async () => {
    show({
      'journal:list': () => ok(page([given], { total: 700, unresolved: 2, unreadableLines: 1 })),
    });
    await screen.findAllByTestId('journal-row');
    expect(screen.getByTestId('journal-summary').textContent).toBe(
      'The newest 1 of 700 records; 2 with an outcome still unknown (looked up again each time the journal is read); 1 line of the file could not be read.',
    );
  });

  it('says why the journal could not be read, and reads it again on Retry', async () => {
    const shown = show({
      'journal:list': () => fail('internal', 'The journal file cannot be read.'),
    });
    await expectRetryHeals(
      shown,
      { alert: true, says: 'The journal file cannot be read.' },
      filtering,
      async () => expect(await screen.findAllByTestId('journal-row')).toHaveLength(2),
    );
  });

  it('exports exactly what the filters show, and says where it went or why not', async () => {
    const { main, user } = show({
      ...filtering,
      'journal:export-csv': (q) =>
        ok({
          path: '/tmp/journal.csv',
          fileName: 'journal.csv',
          rows: q.status ? 1 : 2,
          unreadable: 0,
        }),
    });
    await screen.findAllByTestId('journal-row');
    await user.selectOptions(screen.getByLabelText('Outcome'), 'done');
    await user.click(screen.getByRole('button', { name: 'Export…' }));
    expect((await screen.findByTestId('journal-export-note')).textContent).toBe(
      'Exported 1 record to journal.csv.',
    );
    expect(
      main.calls.filter((c) => c.channel === 'journal:export-csv').map((c) => c.args[0]),
    ).toEqual([{ status: 'done' }]);
    main.answer({ 'journal:export-csv': () => fail('export-failed', 'The folder is read-only.') });
    await user.click(screen.getByRole('button', { name: 'Export…' }));
    expect((await screen.findByRole('alert')).textContent).toBe(
      'Export failed. The folder is read-only.',
    );
    // Cancelled in the save dialog: nothing to say.
    main.answer({ 'journal:export-csv': () => ok(null) });
    await user.click(screen.getByRole('button', { name: 'Export…' }));
    await waitFor(() => expect(screen.queryByTestId('journal-export-note')).toBeNull());
  });
});
