import { z } from 'zod';
import type { ArgsOf, InvokeChannel } from './contract';

/** A Tapkey id as it travels through IPC: short, printable, no path tricks. */
export const idSchema = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[A-Za-z0-9._~-]+$/, 'must be a Tapkey id');

export const settingsSchema = z.object({
  clientId: z.string().trim().min(1, 'Client ID is required').max(200),
  issuer: z.string().trim().min(1).max(2000),
  apiBaseUrl: z.string().trim().min(1).max(2000),
  redirectUri: z.string().trim().min(1).max(2000),
  signInMode: z.enum(['embedded', 'system-browser']),
});

type TupleSchemas = { [C in InvokeChannel]: z.ZodType<ArgsOf<C>> };

/** Argument schemas for every invoke channel; main parses renderer payloads with these before acting. */
export const argSchemas: TupleSchemas = {
  'app:get-info': z.tuple([]),
  'auth:get-state': z.tuple([]),
  'auth:sign-in': z.tuple([]),
  'auth:cancel-sign-in': z.tuple([]),
  'auth:sign-out': z.tuple([]),
  'tapkey:list-owner-accounts': z.tuple([]),
  'tapkey:list-bound-locks': z.tuple([idSchema, z.strictObject({ priority: z.boolean().optional() }).optional()]),
  'tapkey:get-bound-lock': z.tuple([idSchema, idSchema]),
  'settings:get': z.tuple([]),
  'settings:set': z.tuple([settingsSchema]),
  'shell:open-external': z.tuple([z.string().max(4000)]),
};
