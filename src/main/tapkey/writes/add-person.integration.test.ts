// Previews of adding a person (PUT Contacts), and the offboarding preview failing as a whole when an account cannot
// be read for a reason other than the user's role, made by the planner from what the sandbox serves.
import { describe, expect, it } from 'vitest';
import { useWriteClient } from '../../../../test/support/write-client';
import type { ChangeRequest } from '../../../shared/model';
import { previewChange } from './planner';

const w = useWriteClient({ owners: 2, locks: 2, grants: 4, seed: 'add-person' });
const sandbox = w.sandbox;
const owner = w.owner;
const accountName = () => sandbox.data.ownerAccounts('alice').find((a) => a.id === owner())!.name;

const preview = async (request: ChangeRequest) =>
  (
    await previewChange(
      {
        reads: w.client().accessReads,
        listOwnerAccounts: async () => sandbox.data.ownerAccounts('alice'),
        now: Date.now(),
      },
      request,
      5,
    )
  ).plan;
const add = (identifier: string, title?: string | null, ownerAccountId = owner()) =>
  preview({ kind: 'create-contact', ownerAccountId, identifier, title });

describe('previewing a new person', () => {
  it('a new address: one PUT Contacts with the address and the name, both trimmed', async () => {
    const plan = await add('  new.person@example.org ', '  New Person ');
    expect(plan.title).toBe(`Add new.person@example.org as a person in ${accountName()}`);
    expect(plan.problems).toEqual([]);
    expect(plan.notes).toEqual([]);
    // A person is no key: no lock is counted, and no revocation list is touched.
    expect(plan.counts).toMatchObject({ send: 1, keys: 0, locks: 0, accounts: 1 });
    expect(plan.steps).toMatchObject([
      {
        disposition: 'send',
        target: { contactId: null, holderLabel: 'new.person@example.org' },
        grantIds: [],
        request: {
          method: 'PUT',
          path: `Owners/${owner()}/Contacts`,
          body: { ipId: 'tapkey', identifier: 'new.person@example.org', title: 'New Person' },
        },
      },
    ]);
    for (const title of [undefined, null, '   '])
      expect((await add('untitled@example.org', title)).steps[0]!.request!.body).toEqual({
        ipId: 'tapkey',
        identifier: 'untitled@example.org',
      });
  });

  it('an address that is a person already is skipped, named', async () => {
    const c = sandbox.data.contacts(owner()).find((x) => x.identifier)!;
    const plan = await add(c.identifier!);
    expect(plan.steps).toMatchObject([
      {
        disposition: 'already',
        reason: `${c.identifier} is already a person in ${accountName()}.`,
        request: null,
        target: { contactId: c.id },
        grantIds: [],
      },
    ]);
    expect(plan.sendable).toBe(false);
  });

  it('an invalid address or an unknown account is the one problem, before anything is sent', async () => {
    expect(await add('not an address')).toMatchObject({
      title: 'Add not an address as a person',
      steps: [],
      notes: [],
      problems: [
        {
          code: 'invalid-payload',
          message: '"not an address" is not an e-mail address (e.g. robin@example.org).',
        },
      ],
    });
    expect(await add('someone@example.org', null, 'no-such-account')).toMatchObject({
      title: 'Add someone@example.org as a person',
      steps: [],
      notes: [],
      problems: [
        {
          code: 'not-found',
          message: 'No owner account no-such-account among yours (or you have no role in it).',
        },
      ],
    });
    expect(sandbox.stats.writes()).toBe(0);
  });
});

describe('offboarding when an account cannot be read', () => {
  it('a failure other than a refusal fails the preview as a whole: nothing is half planned', async () => {
    const second = sandbox.users[0]!.ownerAccountIds[1]!;
    sandbox.faults.add({
      target: 'api',
      pathPattern: `/Owners/${second}/Contacts`,
      kind: 'status',
      status: 503,
    });
    await expect(
      preview({
        kind: 'offboard',
        person: { kind: 'email', identifier: 'robin.keyholder@example.org' },
        ownerAccountIds: 'all',
      }),
    ).rejects.toMatchObject({ code: 'server' });
  });
});
