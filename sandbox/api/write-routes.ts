import { z } from 'zod';
import { withEmail } from '../data/contacts';
import { mayWrite, ROLE_NAMES } from '../data/roles';
import type { ContactJson, GrantRecord } from '../data/types';
import { sendJson } from '../http/respond';
import { ownerOf, type Handler, type RouteCall } from './api-context';
import { sendApiError, sendForbiddenRole, sendInsufficientScope } from './api-error';
import { isoDate, readJsonBody } from './json-body';

const lower = (id: string) => id.toLowerCase();
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

const contactBody = z.object({
  ipId: z.string().min(1).optional(),
  identifier: z.string().min(1).nullable().optional(),
  email: z.string().min(1).nullable().optional(),
  ipUserId: z.string().min(1).nullable().optional(),
  title: z.string().nullable().optional(),
  comment: z.string().nullable().optional(),
});
// Documented: only title and comment can be patched.
const contactPatch = z.strictObject({
  title: z.string().nullable().optional(),
  comment: z.string().nullable().optional(),
});
const cardPatch = z.strictObject({ title: z.string().min(1) });
const grantBody = z.object({
  boundLockId: z.string().min(1),
  contactId: z.string().min(1).nullable().optional(),
  contact: z
    .object({ identifier: z.string().min(1), ipId: z.string().min(1).optional() })
    .nullable()
    .optional(),
  boundCardId: z.string().min(1).nullable().optional(),
  validFrom: isoDate.nullable().optional(),
  validBefore: isoDate.nullable().optional(),
  timeRestrictionIcal: z.string().nullable().optional(),
});

/** The user's role allows writes here; answers the role 403 itself when not. */
function writeAllowed(call: RouteCall): boolean {
  const role = call.ctx.data.roleIn(call.username, ownerOf(call).id);
  if (role && !mayWrite(role, call.ctx.behaviour.accessManagerWrites)) {
    sendForbiddenRole(call.res, ROLE_NAMES[role], 'changing access in it');
    return false;
  }
  return true;
}

/**
 * A PATCH of one object the owner account holds: 404 when it has no such object, the role 403, or 400 for a
 * body the schema refuses; else the patch is applied, recorded under `handler`, and `answer` replies.
 */
function patchHandler<T, B>(spec: {
  what: string;
  find: (call: RouteCall, owner: string) => T | undefined;
  schema: z.ZodType<B>;
  handler: string;
  apply: (target: T, body: B) => void;
  answer: (call: RouteCall, target: T) => void;
}): Handler {
  return {
    scope: 'write:core:entities',
    async run(call) {
      const target = spec.find(call, ownerOf(call).id);
      if (!target)
        return sendApiError(call.res, 404, 'NotFound', `The ${spec.what} was not found.`);
      const body = await writeBodyOf(call, spec.schema);
      if (!body) return;
      spec.apply(target, body.value);
      call.ctx.data.access.changed();
      applied(call, spec.handler);
      spec.answer(call, target);
    },
  };
}

/** A write's JSON body when the write is allowed and the body is well formed; else the error is sent and null. */
async function writeBodyOf<B>(call: RouteCall, schema: z.ZodType<B>): Promise<{ value: B } | null> {
  if (!writeAllowed(call)) return null;
  const body = await readJsonBody(call.req, schema);
  if (!body.ok) {
    sendApiError(call.res, body.status, 'BadRequest', body.message);
    return null;
  }
  return { value: body.value };
}

function applied(call: RouteCall, handler: string): void {
  call.ctx.stats.recordAppliedWrite(handler);
}

type Outcome<T> =
  { ok: true; value: T } | { ok: false; status: number; code: string; message: string };
const fail = (status: number, code: string, message: string): Outcome<never> => ({
  ok: false,
  status,
  code,
  message,
});

/**
 * Creates a contact after the documented checks: a Tapkey user is named by an e-mail address, the same person
 * twice is a conflict (409), and one more person than the plan allows answers 402.
 */
function createContact(
  call: RouteCall,
  fields: { ipId: string; identifier: string; title: string | null; comment: string | null },
): Outcome<ContactJson> {
  const owner = ownerOf(call).id;
  const { access } = call.ctx.data;
  if (fields.ipId === 'tapkey' && !EMAIL.test(fields.identifier))
    return fail(400, 'BadRequest', 'A Tapkey user is identified by an e-mail address.');
  const contacts = access.contacts(owner);
  const same = contacts.find(
    (c) => c.ipId === fields.ipId && lower(c.identifier ?? '') === lower(fields.identifier),
  );
  if (same) return fail(409, 'Conflict', 'A contact with this identifier already exists.');
  const limit = call.ctx.behaviour.planPersons;
  if (limit !== null && contacts.length >= limit)
    return fail(
      402,
      'PaymentRequired',
      `The owner account has reached its plan's limit of ${limit} persons.`,
    );
  const contact = withEmail(
    { id: call.ctx.newId(), ownerId: ownerOf(call).id, ...fields },
    call.ctx.behaviour.contactEmail,
  );
  contacts.push(contact);
  access.changed();
  return { ok: true, value: contact };
}

function sendOutcomeError(call: RouteCall, o: { status: number; code: string; message: string }) {
  sendApiError(call.res, o.status, o.code, o.message);
}

const sameWindow = (a: GrantRecord, b: Omit<GrantRecord, 'id' | 'state' | 'active'>) =>
  lower(a.boundLockId) === lower(b.boundLockId) &&
  a.validFrom === b.validFrom &&
  a.validBefore === b.validBefore &&
  (a.timeRestrictionIcal ?? '') === (b.timeRestrictionIcal ?? '');

/** Resolves who a new grant is for; creates the contact named by identifier when missing. */
function holderOf(
  call: RouteCall,
  body: z.infer<typeof grantBody>,
): Outcome<{ contactId: string | null; boundCardId: string | null }> {
  const owner = ownerOf(call).id;
  const { access } = call.ctx.data;
  const given = [body.contactId, body.contact, body.boundCardId].filter(
    (v) => v !== null && v !== undefined,
  ).length;
  if (given !== 1)
    return fail(
      400,
      'BadRequest',
      'A grant is for a contact or a card: give exactly one of contactId, contact and boundCardId.',
    );
  if (body.boundCardId) {
    const card = access.card(owner, body.boundCardId);
    if (!card) return fail(404, 'NotFound', 'The card was not found.');
    if (access.cardLoad(owner, card.id) >= card.nofGrantsCapacity)
      return fail(
        400,
        'BadRequest',
        `The card already holds its maximum of ${card.nofGrantsCapacity} grants.`,
      );
    return { ok: true, value: { contactId: null, boundCardId: card.id } };
  }
  if (body.contactId) {
    const contact = access.contact(owner, body.contactId);
    if (!contact) return fail(404, 'NotFound', 'The contact was not found.');
    return { ok: true, value: { contactId: contact.id, boundCardId: null } };
  }
  const wanted = body.contact as { identifier: string; ipId?: string };
  const ipId = wanted.ipId ?? 'tapkey';
  const existing = access
    .contacts(owner)
    .find((c) => c.ipId === ipId && lower(c.identifier ?? '') === lower(wanted.identifier));
  if (existing) return { ok: true, value: { contactId: existing.id, boundCardId: null } };
  // Creating the contact is a write to a core entity (assumed to need that scope too).
  if (!call.scopes.has('write:core:entities'))
    return fail(403, 'insufficient_scope', 'write:core:entities');
  const created = createContact(call, {
    ipId,
    identifier: wanted.identifier,
    title: null,
    comment: null,
  });
  return created.ok
    ? { ok: true, value: { contactId: created.value.id, boundCardId: null } }
    : created;
}

function findGrant(call: RouteCall): GrantRecord | undefined {
  const grant = call.ctx.data.access.grant(ownerOf(call).id, call.params.grant as string);
  if (!grant) sendApiError(call.res, 404, 'NotFound', 'The grant was not found.');
  return grant;
}

/** RevokeGrants of a person (every grant of theirs in the account) or of a lost card. */
function revokeAllOf(kind: 'contact' | 'card'): Handler {
  const name = kind === 'contact' ? 'Contacts RevokeGrants' : 'BoundCards RevokeGrants';
  return {
    scope: 'write:grants',
    run(call) {
      const owner = ownerOf(call).id;
      const { access } = call.ctx.data;
      const holder =
        kind === 'contact'
          ? access.contact(owner, call.params.contact as string)
          : access.card(owner, call.params.card as string);
      if (!holder) return sendApiError(call.res, 404, 'NotFound', `The ${kind} was not found.`);
      if (!writeAllowed(call)) return;
      const grants = access
        .grantRecords(owner)
        .filter((g) => (kind === 'contact' ? g.contactId : g.boundCardId) === holder.id);
      call.ctx.revocations.revoke(owner, grants);
      applied(call, name);
      call.res.writeHead(204).end();
    },
  };
}

/** The write handlers, by route name. */
export const WRITE: Record<string, Handler> = {
  createContact: {
    scope: 'write:core:entities',
    async run(call) {
      const body = await writeBodyOf(call, contactBody);
      if (!body) return;
      const { ipUserId, identifier, email } = body.value;
      // Documented: an identifier (or the deprecated email) and ipUserId must not be mixed.
      if (ipUserId && (identifier || email))
        return sendApiError(call.res, 400, 'BadRequest', 'Give identifier or ipUserId, not both.');
      if (identifier && email && lower(identifier) !== lower(email))
        return sendApiError(call.res, 400, 'BadRequest', 'identifier and email disagree.');
      const name = identifier ?? email ?? ipUserId;
      if (!name) return sendApiError(call.res, 400, 'BadRequest', 'An identifier is required.');
      const created = createContact(call, {
        ipId: body.value.ipId ?? 'tapkey',
        identifier: name,
        title: body.value.title ?? null,
        comment: body.value.comment ?? null,
      });
      if (!created.ok) return sendOutcomeError(call, created);
      applied(call, 'PUT Contacts');
      sendJson(call.res, 200, created.value);
    },
  },
  patchContact: patchHandler({
    what: 'contact',
    find: (call, owner) => call.ctx.data.access.contact(owner, call.params.contact as string),
    schema: contactPatch,
    handler: 'PATCH Contacts',
    apply(contact, body) {
      if (body.title !== undefined) contact.title = body.title;
      if (body.comment !== undefined) contact.comment = body.comment;
    },
    answer: (call, contact) => sendJson(call.res, 200, contact),
  }),
  patchCard: patchHandler({
    what: 'card',
    find: (call, owner) => call.ctx.data.access.card(owner, call.params.card as string),
    schema: cardPatch,
    handler: 'PATCH BoundCards',
    apply(card, body) {
      card.title = body.title;
    },
    answer: (call) => call.res.writeHead(204).end(),
  }),
  createGrant: {
    scope: 'write:grants',
    async run(call) {
      const body = await writeBodyOf(call, grantBody);
      if (!body) return;
      const owner = ownerOf(call).id;
      const { access } = call.ctx.data;
      const b = body.value;
      const target = access.target(owner, b.boundLockId);
      if (!target) return sendApiError(call.res, 404, 'NotFound', 'The bound lock was not found.');
      const validFrom = b.validFrom ?? null;
      const validBefore = b.validBefore ?? null;
      if (validFrom && validBefore && validFrom >= validBefore)
        return sendApiError(call.res, 400, 'BadRequest', 'validFrom must be before validBefore.');
      const ical = b.timeRestrictionIcal ?? null;
      if (ical !== null && !/BEGIN:VEVENT[\s\S]*DTSTART[\s\S]*END:VEVENT/.test(ical))
        return sendApiError(
          call.res,
          400,
          'BadRequest',
          'timeRestrictionIcal is not an iCalendar VEVENT.',
        );
      const boundLockId = 'lock' in target ? target.lock.id : target.group.group.id;
      if (ical !== null && !access.icalSupported(owner, boundLockId))
        return sendApiError(
          call.res,
          400,
          'BadRequest',
          'This lock does not support time restrictions (supportedFeatures.timeRestrictionIcalSupport).',
        );
      const holder = holderOf(call, b);
      if (!holder.ok)
        return holder.code === 'insufficient_scope'
          ? sendInsufficientScope(call.res, holder.message)
          : sendOutcomeError(call, holder);
      const wanted = {
        ownerAccountId: owner,
        boundLockId,
        ...holder.value,
        validFrom,
        validBefore,
        timeRestrictionIcal: ical,
      };
      const duplicate = access
        .grantRecords(owner)
        .some(
          (g) =>
            g.active &&
            g.contactId === wanted.contactId &&
            g.boundCardId === wanted.boundCardId &&
            sameWindow(g, wanted),
        );
      if (duplicate)
        return sendApiError(call.res, 409, 'Conflict', 'The same active grant already exists.');
      const grant: GrantRecord = { id: call.ctx.newId(), ...wanted, state: 'Ok', active: true };
      access.grantRecords(owner).push(grant);
      access.owner(owner).meta.set(grant.id, {
        issued: access.issue(),
        pendingLocks: new Set(),
        awaitingCardWrite: grant.boundCardId !== null,
      });
      access.changed();
      applied(call, 'PUT Grants');
      sendJson(call.res, 200, access.serveGrant(owner, grant));
    },
  },
  revokeGrant: {
    scope: 'write:grants',
    run(call) {
      const grant = findGrant(call);
      if (!grant || !writeAllowed(call)) return;
      if (!grant.active)
        return sendApiError(call.res, 409, 'Conflict', `The grant is already ${grant.state}.`);
      call.ctx.revocations.revoke(ownerOf(call).id, [grant]);
      applied(call, 'Revoke');
      call.res.writeHead(204).end();
    },
  },
  revokeContactGrants: revokeAllOf('contact'),
  revokeCardGrants: revokeAllOf('card'),
  deleteFromCard: {
    scope: 'write:grants',
    run(call) {
      const grant = findGrant(call);
      if (!grant || !writeAllowed(call)) return;
      if (grant.boundCardId === null)
        return sendApiError(call.res, 400, 'BadRequest', 'The grant is not for a card.');
      if (!grant.active)
        return sendApiError(call.res, 409, 'Conflict', `The grant is already ${grant.state}.`);
      call.ctx.revocations.deleteFromCard(ownerOf(call).id, grant);
      applied(call, 'DeleteFromCard');
      call.res.writeHead(204).end();
    },
  },
};
