import type { WireRequest } from '../../../shared/model';
import { SCOPES } from '../../../shared/scopes';
import { AppFailure } from '../../errors';
import { statusCauseOf } from '../http/options';
import type { ResourceContext } from './context';
import type { Probes } from './probes';

/** The body of `PUT Grants`: a lock (or group), exactly one holder, and the optional window and schedule. */
export type GrantBody = {
  boundLockId: string;
  validFrom?: string;
  validBefore?: string;
  timeRestrictionIcal?: string;
} & (
  | { contactId: string }
  | { contact: { identifier: string; ipId: 'tapkey' } }
  | { boundCardId: string }
);

/** The body of `PUT Contacts`. */
export interface ContactBody {
  ipId: 'tapkey';
  identifier: string;
  title?: string;
}

/** A write as the request layer sends it: the path as segments (checked), and the request as the preview shows it. */
export interface WriteCall {
  method: WireRequest['method'];
  path: string[];
  body: unknown;
  /** How messages name the change, and the scope it needs. */
  what: string;
  scope: string;
}

/** The wire request a call stands for (the path joined below the API base), for previews and the journal. */
export const wireOf = (call: WriteCall): WireRequest => ({
  method: call.method,
  path: call.path.join('/'),
  body: call.body,
});

/** A call: what is sent where, how messages name it, and the scope it needs. */
const call = (
  method: WriteCall['method'],
  path: string[],
  body: unknown,
  what: string,
  scope: string,
): WriteCall => ({ method, path, body, what, scope });

/** An action on grants: a POST without a body, under the write:grants scope. */
const grantsAction = (path: string[], what: string): WriteCall =>
  call('POST', path, null, what, SCOPES.writeGrants);

/** The calls that change access, as data: a preview shows exactly these, and the executor sends exactly these. */
export const writeCalls = {
  /** `PUT Owners/{id}/Grants`. */
  createGrant: (ownerAccountId: string, body: GrantBody): WriteCall =>
    call('PUT', ['Owners', ownerAccountId, 'Grants'], body, 'the new grant', SCOPES.writeGrants),
  /** `PUT Owners/{id}/Contacts`. */
  createContact: (ownerAccountId: string, body: ContactBody): WriteCall =>
    call(
      'PUT',
      ['Owners', ownerAccountId, 'Contacts'],
      body,
      'the new person',
      SCOPES.writeCoreEntities,
    ),
  /** `POST Owners/{id}/Grants/{grantId}/Revoke` (the documented method; see revoke for the PUT fallback). */
  revokeGrant: (ownerAccountId: string, grantId: string): WriteCall =>
    grantsAction(['Owners', ownerAccountId, 'Grants', grantId, 'Revoke'], 'revoking this grant'),
  /** `POST Owners/{id}/Contacts/{contactId}/RevokeGrants`. */
  revokeContactGrants: (ownerAccountId: string, contactId: string): WriteCall =>
    grantsAction(
      ['Owners', ownerAccountId, 'Contacts', contactId, 'RevokeGrants'],
      "revoking this person's grants",
    ),
  /** `POST Owners/{id}/BoundCards/{cardId}/RevokeGrants`. */
  revokeCardGrants: (ownerAccountId: string, boundCardId: string): WriteCall =>
    grantsAction(
      ['Owners', ownerAccountId, 'BoundCards', boundCardId, 'RevokeGrants'],
      "revoking this card's grants",
    ),
  /** `POST Owners/{id}/Grants/{grantId}/DeleteFromCard` (scope assumed: write:grants). */
  deleteFromCard: (ownerAccountId: string, grantId: string): WriteCall =>
    grantsAction(
      ['Owners', ownerAccountId, 'Grants', grantId, 'DeleteFromCard'],
      'removing this grant from the card',
    ),
};

/**
 * Sends the calls that change access. Each is sent once (see the request layer's write path: a lost answer is
 * `outcome-unknown`, never resent here). The one exception is Revoke answered with 405: Tapkey refused the
 * method before acting, and a public report says some servers take PUT where the docs say POST, so it is sent
 * once more with the other method, which this client then keeps using.
 */
export function createAccessWrites(ctx: ResourceContext) {
  let revokeMethod: 'POST' | 'PUT' = 'POST';
  const send = (call: WriteCall, signal?: AbortSignal) =>
    ctx.request.send(
      call.method,
      call.path,
      call.body,
      { what: call.what, scope: call.scope },
      {
        signal,
      },
    );
  return {
    /** Sends one call as it is (grants and contacts created, RevokeGrants, DeleteFromCard). */
    send,

    /**
     * Revokes one grant: the method that worked last (POST first); on 405, the other one, once. Resolves with the
     * method Tapkey took.
     */
    async revoke(
      ownerAccountId: string,
      grantId: string,
      signal?: AbortSignal,
    ): Promise<'POST' | 'PUT'> {
      const call = writeCalls.revokeGrant(ownerAccountId, grantId);
      const first = revokeMethod;
      try {
        await send({ ...call, method: first }, signal);
        return first;
      } catch (e) {
        if (!(e instanceof AppFailure) || statusCauseOf(e)?.status !== 405) throw e;
        const other = first === 'POST' ? 'PUT' : 'POST';
        ctx.log.info('tapkey refused the revoke method; trying the other', { refused: first });
        await send({ ...call, method: other }, signal);
        revokeMethod = other;
        return other;
      }
    },
  };
}

/** The writes of managing access. */
export type AccessWrites = ReturnType<typeof createAccessWrites>;

/** How the id-check test calls each method. */
export const accessWriteProbes: Probes<AccessWrites> = {
  send: {
    ids: 2,
    call: (r, [o, c], s) => r.send(writeCalls.revokeContactGrants(o!, c!), s),
  },
  revoke: { ids: 2, call: (r, [o, g], s) => r.revoke(o!, g!, s) },
};
