import type { IncomingMessage } from 'node:http';
import { z } from 'zod';
import { readBody } from '../http/body';

export type BodyResult<T> =
  { ok: true; value: T } | { ok: false; status: 400 | 415; message: string };

/**
 * Reads a JSON request body and checks it against a schema. Like ASP.NET's [FromBody]: a body that is not
 * `application/json` answers 415, unreadable JSON or a wrong shape 400 with the offending field named.
 */
export async function readJsonBody<T>(
  req: IncomingMessage,
  schema: z.ZodType<T>,
): Promise<BodyResult<T>> {
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/json')
    return { ok: false, status: 415, message: 'The request body must be application/json.' };
  let text: string;
  try {
    text = await readBody(req);
  } catch (e) {
    return { ok: false, status: 400, message: (e as Error).message };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, status: 400, message: 'The request body is not valid JSON.' };
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) return { ok: false, status: 400, message: z.prettifyError(parsed.error) };
  return { ok: true, value: parsed.data };
}

/** An ISO 8601 date-time, or null; one without a zone is read as UTC (assumed: Tapkey stores UTC). */
export const isoDate = z
  .string()
  .refine(
    (s) =>
      /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|[+-]\d{2}:\d{2})?$/.test(s) &&
      Number.isFinite(Date.parse(/(Z|[+-]\d{2}:\d{2})$/.test(s) ? s : `${s}Z`)),
    'expected an ISO 8601 date-time such as 2026-01-01T08:00:00Z',
  )
  .transform((s) =>
    new Date(Date.parse(/(Z|[+-]\d{2}:\d{2})$/.test(s) ? s : `${s}Z`)).toISOString(),
  );
