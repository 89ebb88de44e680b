import { z } from 'zod';
import { helpTopics, type ArgsOf, type InvokeChannel } from './contract';
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
});

/** An ISO 8601 date-time as the renderer sends it for a log range. */
const isoDateSchema = z
  .string()
  .max(40)
  .refine((s) => Number.isFinite(Date.parse(s)), 'must be an ISO date');

/** A slice of a lock's log: optional range, optional cursor from the previous page (opaque, base64url). */
const logQuerySchema = z
  .object({
    since: isoDateSchema.optional(),
    until: isoDateSchema.optional(),
    cursor: z
      .string()
      .max(1000)
      .regex(/^[A-Za-z0-9_-]+$/)
      .optional(),
  })
  .strict();

/** The channels that take arguments: each needs a schema; a channel without any gets the empty tuple. */
type ChannelWithArgs = {
  [C in InvokeChannel]: ArgsOf<C> extends [] ? never : C;
}[InvokeChannel];

/** A schema for each channel that takes arguments, parsing exactly the contract's argument types. */
export type ArgSchemas = { [C in ChannelWithArgs]: z.ZodType<ArgsOf<C>> };

/** Argument schemas for every invoke channel that takes arguments; main parses renderer payloads with these. */
const argSchemas: ArgSchemas = {
  'tapkey:list-bound-locks': z.tuple([
    idSchema,
    z.strictObject({ priority: z.boolean().optional() }).optional(),
  ]),
  'tapkey:get-bound-lock': z.tuple([idSchema, idSchema]),
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
};

const noArgs = z.tuple([]);

/** The schema main parses a channel's payload with before acting: an empty tuple for a channel without arguments. */
export function argSchemaFor<C extends InvokeChannel>(channel: C): z.ZodType<ArgsOf<C>> {
  return ((argSchemas as Partial<Record<InvokeChannel, z.ZodType>>)[channel] ??
    noArgs) as z.ZodType<ArgsOf<C>>;
}
