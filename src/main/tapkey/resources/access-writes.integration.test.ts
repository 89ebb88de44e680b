// The calls that change access, sent to the sandbox: each names what it changes in Tapkey's refusals, and Revoke
// falls back from POST to PUT once when Tapkey answers 405, then keeps the method that worked.
import { describe, expect, it } from 'vitest';
import { startSandbox } from '../../../../sandbox/index';
import { useWriteClient, writeClientsOn } from '../../../../test/support/write-client';
import { writeCalls, type WriteCall } from './access-writes';

const w = useWriteClient({ owners: 1, locks: 4, grants: 0, seed: 'access-writes' });
const sandbox = w.sandbox;
const owner = w.owner;
const lockId = () => sandbox.data.boundLocks(owner())[0]!.id;

describe('the calls that change access', () => {
  it('each names what it changes when Tapkey cannot find what it refers to', async () => {
    const id = '00000000-0000-4000-8000-000000000000';
    const calls: Array<[WriteCall, string]> = [
      [writeCalls.createGrant(owner(), { boundLockId: lockId(), contactId: id }), 'the new grant'],
      [
        writeCalls.createContact(owner(), { ipId: 'tapkey', identifier: 'x@example.org' }),
        'the new person',
      ],
      [writeCalls.revokeGrant(owner(), id), 'revoking this grant'],
      [writeCalls.revokeContactGrants(owner(), id), "revoking this person's grants"],
      [writeCalls.revokeCardGrants(owner(), id), "revoking this card's grants"],
      [writeCalls.deleteFromCard(owner(), id), 'removing this grant from the card'],
    ];
    for (const [call, what] of calls) {
      sandbox.faults.add({ target: 'api', kind: 'status', status: 404, times: 1 });
      await expect(w.client().accessWrites.send(call)).rejects.toMatchObject({
        code: 'not-found',
        message: `Tapkey could not find what ${what} refers to; it may have been removed. Nothing was changed.`,
      });
    }
    expect(sandbox.stats.appliedWrites()).toBe(0);
  });

  it('Revoke goes as POST, as documented, when Tapkey takes it', async () => {
    const c = w.client();
    const g = (await c.accessWrites.send(
      writeCalls.createGrant(owner(), {
        boundLockId: lockId(),
        contact: { identifier: 'post@example.org', ipId: 'tapkey' },
      }),
    )) as { id: string };
    expect(await c.accessWrites.revoke(owner(), g.id)).toBe('POST');
    expect(sandbox.stats.writes(/^POST .*\/Revoke$/)).toBe(1);
    expect(sandbox.stats.writes(/^PUT .*\/Revoke$/)).toBe(0);
    // A refusal other than 405 is final: no second method.
    await expect(c.accessWrites.revoke(owner(), g.id)).rejects.toMatchObject({
      code: 'conflict',
    });
    expect(sandbox.stats.writes(/\/Revoke$/)).toBe(2);
    expect(w.logged().filter((l) => l.level === 'info')).toEqual([]);
  });

  it('answered 405, Revoke is sent once as PUT, and later revokes go as PUT from the start', async () => {
    const s = await startSandbox({
      quiet: true,
      owners: 1,
      locks: 2,
      grants: 0,
      revokeMethod: 'PUT',
      seed: 'revoke-put',
    });
    try {
      const put = await writeClientsOn(s);
      const c = put.client();
      const o = s.users[0]!.ownerAccountIds[0]!;
      const grant = async (email: string) =>
        (
          (await c.accessWrites.send(
            writeCalls.createGrant(o, {
              boundLockId: s.data.boundLocks(o)[0]!.id,
              contact: { identifier: email, ipId: 'tapkey' },
            }),
          )) as { id: string }
        ).id;
      const first = await grant('first@example.org');
      const second = await grant('second@example.org');
      expect(await c.accessWrites.revoke(o, first)).toBe('PUT');
      expect(s.stats.writes(/^POST .*\/Revoke$/)).toBe(1);
      expect(s.stats.writes(/^PUT .*\/Revoke$/)).toBe(1);
      expect(put.logged()).toContainEqual(
        expect.objectContaining({
          level: 'info',
          msg: 'tapkey refused the revoke method; trying the other',
          refused: 'POST',
        }),
      );
      expect(await c.accessWrites.revoke(o, second)).toBe('PUT');
      expect(s.stats.writes(/^POST .*\/Revoke$/)).toBe(1);
      expect(s.stats.writes(/^PUT .*\/Revoke$/)).toBe(2);
      expect(s.stats.appliedWrites('Revoke')).toBe(2);
    } finally {
      await s.close();
    }
  });
});
