import { z } from 'zod';
import { helpTopics, type ArgsOf, type InvokeChannel } from './contract';
import { CHANGE_KINDS, STEP_STATUSES, WEEKDAYS, type ChangeRequest } from './write-model';
import { INVALID_ID_MESSAGE, isTapkeyId } from './tapkey-id';

/** A Tapkey id as it travels through IPC: short, printable, no path tricks; refused with the code 'invalid-id'. */
const idSchema = z
  .string()
  .refine(isTapkeyId, { message: INVALID_ID_MESSAGE, params: { code: 'invalid-id' } });

export const settingsSchema = z.object({
  clientId: z.string().trim().min(1, 'Client ID is required').max(200),
  issuer: z.string().trim().min(1).max(2000),
  apiBaseUrl: z.string().trim().min(1).max(2000),
  redirectUri: z.string().trim().min(1).max(2000),
  signInMode: z.enum(['embedded', 'system-browser']),
  accessData: z.boolean(),
  manageAccess: z.boolean().optional(),
});

/** An ISO 8601 date-time as the renderer sends it for a log range. */
const isoDateSchema = z
  .string()
  .max(40)
  .refine((s) => Number.isFinite(Date.parse(s)), 'must be an ISO date');

/** A slice of a log: optional range and person, optional cursor from the previous page (opaque, base64url). */
const logQuerySchema = z
  .object({
    since: isoDateSchema.optional(),
    until: isoDateSchema.optional(),
    contactId: idSchema.optional(),
    cursor: z
      .string()
      .max(2000)
      .regex(/^[A-Za-z0-9_-]+$/)
      .optional(),
  })
  .strict();

/** A slice of an owner account's activity: a log slice, optionally of one lock. */
const activityQuerySchema = logQuerySchema.extend({ boundLockId: idSchema.optional() }).strict();

/** An e-mail address or other identifier as typed: bounded here, checked (with a clear message) by the preview. */
const identifierSchema = z.string().max(320);
const nullableDate = isoDateSchema.nullable();
/** "08:00": hours and minutes of a day. */
const clockSchema = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time such as 08:00');

/** A change as the renderer asks for it (see ChangeRequest); ids are checked like every other id. */
const changeRequestSchema: z.ZodType<ChangeRequest> = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('create-contact'),
    ownerAccountId: idSchema,
    identifier: identifierSchema,
    title: z.string().max(200).nullable().optional(),
  }),
  z.strictObject({
    kind: z.literal('give'),
    ownerAccountId: idSchema,
    holder: z.discriminatedUnion('kind', [
      z.strictObject({ kind: z.literal('contact'), contactId: idSchema }),
      z.strictObject({ kind: z.literal('email'), identifier: identifierSchema }),
      z.strictObject({ kind: z.literal('card'), boundCardId: idSchema }),
    ]),
    // Bounded: a few thousand locks is a large account; the preview looks each one up.
    boundLockIds: z.array(idSchema).min(1).max(10_000),
    validFrom: nullableDate,
    validBefore: nullableDate,
    schedule: z
      .strictObject({
        days: z
          .array(z.enum(WEEKDAYS as [string, ...string[]]))
          .min(1)
          .max(7),
        start: clockSchema,
        end: clockSchema,
      })
      .nullable(),
  }),
  z.strictObject({ kind: z.literal('revoke-grant'), ownerAccountId: idSchema, grantId: idSchema }),
  z.strictObject({
    kind: z.literal('revoke-person'),
    ownerAccountId: idSchema,
    contactId: idSchema,
  }),
  z.strictObject({
    kind: z.literal('revoke-card'),
    ownerAccountId: idSchema,
    boundCardId: idSchema,
  }),
  z.strictObject({
    kind: z.literal('delete-from-card'),
    ownerAccountId: idSchema,
    grantId: idSchema,
  }),
  z.strictObject({
    kind: z.literal('offboard'),
    person: z.discriminatedUnion('kind', [
      z.strictObject({ kind: z.literal('email'), identifier: identifierSchema }),
      z.strictObject({
        kind: z.literal('contact'),
        ownerAccountId: idSchema,
        contactId: idSchema,
      }),
    ]),
    ownerAccountIds: z.union([z.literal('all'), z.array(idSchema).min(1).max(10_000)]),
  }),
]) as z.ZodType<ChangeRequest>;

/** A journal filter (see JournalQuery). */
const journalQuerySchema = z.strictObject({
  text: z.string().max(200).optional(),
  operation: z.enum(CHANGE_KINDS as [string, ...string[]]).optional(),
  status: z.enum(STEP_STATUSES as [string, ...string[]]).optional(),
  ownerAccountId: idSchema.optional(),
  since: isoDateSchema.optional(),
  until: isoDateSchema.optional(),
  limit: z.number().int().min(1).max(100_000).optional(),
});

/** A plan's or change's id, as main made it (a UUID). */
const localIdSchema = z.string().regex(/^[0-9a-f-]{36}$/, 'is not an id this app made');

/** The channels that take arguments: each needs a schema; a channel without any gets the empty tuple. */
type ChannelWithArgs = {
  [C in InvokeChannel]: ArgsOf<C> extends [] ? never : C;
}[InvokeChannel];

/** A schema for each channel that takes arguments, parsing exactly the contract's argument types. */
export type ArgSchemas = { [C in ChannelWithArgs]: z.ZodType<ArgsOf<C>> };

/** Argument schemas for every invoke channel that takes arguments; main parses renderer payloads with these. */
const argSchemas: ArgSchemas = {
  'auth:sign-out': z.union([
    z.tuple([]),
    z.tuple([z.strictObject({ discardPending: z.boolean().optional() })]),
  ]),
  'tapkey:list-bound-locks': z.tuple([
    idSchema,
    z.strictObject({ priority: z.boolean().optional() }).optional(),
  ]),
  'tapkey:get-bound-lock': z.tuple([idSchema, idSchema]),
  'snapshot:get-locks': z.tuple([z.array(idSchema).max(10_000)]),
  'snapshot:note-selection': z.tuple([z.union([idSchema, z.literal('*'), z.null()])]),
  'settings:set': z.tuple([settingsSchema]),
  'app:open-help': z.tuple([z.enum(helpTopics)]),
  // Bounded so a runaway page cannot make main re-read unbounded work: 10,000 accounts, 1,000,000 locks.
  'locks:export-csv': z.tuple([
    z
      .array(z.object({ ownerAccountId: idSchema, lockIds: z.array(idSchema).max(1_000_000) }))
      .max(10_000),
  ]),
  'access:list-grants': z.tuple([idSchema, idSchema]),
  'access:list-log-entries': z.tuple([idSchema, idSchema, logQuerySchema]),
  'access:export-log-csv': z.tuple([idSchema, idSchema, logQuerySchema.omit({ cursor: true })]),
  'access:list-lock-groups': z.tuple([idSchema]),
  'access:list-contacts': z.tuple([idSchema]),
  'access:list-account-log': z.tuple([idSchema, activityQuerySchema]),
  'access:export-account-log-csv': z.tuple([idSchema, activityQuerySchema.omit({ cursor: true })]),
  'writes:preview': z.tuple([changeRequestSchema]),
  'writes:submit': z.tuple([localIdSchema]),
  'writes:undo': z.tuple([localIdSchema]),
  'writes:refresh-progress': z.tuple([localIdSchema]),
  'people:list': z.tuple([idSchema]),
  'access:list-lock-features': z.tuple([idSchema]),
  'journal:list': z.tuple([journalQuerySchema as z.ZodType<ArgsOf<'journal:list'>[0]>]),
  'journal:export-csv': z.tuple([journalQuerySchema as z.ZodType<ArgsOf<'journal:export-csv'>[0]>]),
};

const noArgs = z.tuple([]);

/** The schema main parses a channel's payload with before acting: an empty tuple for a channel without arguments. */
export function argSchemaFor<C extends InvokeChannel>(channel: C): z.ZodType<ArgsOf<C>> {
  return ((argSchemas as Partial<Record<InvokeChannel, z.ZodType>>)[channel] ??
    noArgs) as z.ZodType<ArgsOf<C>>;
}
