import { z } from 'zod';
import type { FaultRule } from '../types';

/** Validates a fault rule from tests or the admin endpoint; unknown keys are refused so typos surface. */
export const faultRuleSchema = z
  .strictObject({
    target: z.enum(['api', 'token', 'authorize', 'revocation', 'discovery', 'all']),
    pathPattern: z
      .string()
      .refine((p) => {
        try {
          new RegExp(p);
          return true;
        } catch {
          return false;
        }
      }, 'pathPattern is not a valid regular expression')
      .optional(),
    kind: z.enum([
      'status',
      'malformed-json',
      'malformed-item',
      'drop',
      'drop-mid-body',
      'slow-body',
      'latency',
      'huge-body',
      'endless-body',
      'handle-then-drop',
      'handle-then-delay',
    ]),
    status: z
      .union([429, 500, 502, 503, 504, 400, 401, 403, 404].map((s) => z.literal(s)))
      .optional(),
    retryAfterSeconds: z.number().int().min(0).optional(),
    body: z.unknown().optional(),
    emptyBody: z.boolean().optional(),
    delayMs: z.number().min(0).max(600_000).optional(),
    sizeBytes: z
      .number()
      .int()
      .min(0)
      .max(64 * 1024 ** 3)
      .optional(),
    times: z.number().int().min(1).optional(),
    probability: z.number().min(0).max(1).optional(),
  })
  .refine((r) => r.kind !== 'status' || r.status !== undefined, {
    message: "kind 'status' needs a status",
  })
  .refine(
    (r) =>
      (r.kind !== 'latency' && r.kind !== 'slow-body' && r.kind !== 'handle-then-delay') ||
      r.delayMs !== undefined,
    { message: "kinds 'latency', 'slow-body' and 'handle-then-delay' need delayMs" },
  )
  .refine((r) => !(r.emptyBody && r.body !== undefined), {
    message: 'give either body or emptyBody',
  });

export const latencySchema = z.strictObject({
  latencyMs: z.number().min(0).max(600_000),
  jitterMs: z.number().min(0).max(600_000).optional(),
});

/** Parses unknown input into a FaultRule or throws a readable error. */
export function parseFaultRule(input: unknown): FaultRule {
  const result = faultRuleSchema.safeParse(input);
  if (!result.success) throw new Error(`invalid fault rule: ${z.prettifyError(result.error)}`);
  return result.data as FaultRule;
}
