import { z } from 'zod';
import { helpTopics, type ArgsOf, type InvokeChannel } from './contract';
import { INVALID_ID_MESSAGE, isTapkeyId } from './tapkey-id';

/** A Tapkey id as it travels through IPC: short, printable, no path tricks; refused with the code 'invalid-id'. */
export const idSchema = z
  .string()
  .refine(isTapkeyId, { message: INVALID_ID_MESSAGE, params: { code: 'invalid-id' } });

export const settingsSchema = z.object({
  clientId: z.string().trim().min(1, 'Client ID is required').max(200),
  issuer: z.string().trim().min(1).max(2000),
  apiBaseUrl: z.string().trim().min(1).max(2000),
  redirectUri: z.string().trim().min(1).max(2000),
  signInMode: z.enum(['embedded', 'system-browser']),
  accessData: z.boolean(),
});

/** An ISO 8601 date-time as the renderer sends it for a log range. */
const isoDateSchema = z
  .string()
  .max(40)
  .refine((s) => Number.isFinite(Date.parse(s)), 'must be an ISO date');

/** A slice of a log: optional range and person, optional cursor from the previous page (opaque, base64url). */
export const logQuerySchema = z
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
export const activityQuerySchema = logQuerySchema.extend({ boundLockId: idSchema.optional() }).strict();

type TupleSchemas = { [C in InvokeChannel]: z.ZodType<ArgsOf<C>> };

/** Argument schemas for every invoke channel; main parses renderer payloads with these before acting. */
export const argSchemas: TupleSchemas = {
  'app:get-info': z.tuple([]),
  'auth:get-state': z.tuple([]),
  'auth:sign-in': z.tuple([]),
  'auth:cancel-sign-in': z.tuple([]),
  'auth:sign-out': z.tuple([]),
  'tapkey:list-owner-accounts': z.tuple([]),
  'tapkey:list-bound-locks': z.tuple([
    idSchema,
    z.strictObject({ priority: z.boolean().optional() }).optional(),
  ]),
  'tapkey:get-bound-lock': z.tuple([idSchema, idSchema]),
  'settings:get': z.tuple([]),
  'settings:set': z.tuple([settingsSchema]),
  'app:open-help': z.tuple([z.enum(helpTopics)]),
  'auth:show-sign-in-window': z.tuple([]),
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
};
