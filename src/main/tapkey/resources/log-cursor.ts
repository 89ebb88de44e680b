import { isTapkeyId } from '../../../shared/tapkey-id';
import { AppFailure } from '../../errors';

/** Where a log page ends, so the next request continues there. */
export interface LogCursor {
  skip: number;
  since: string | null;
  /** Pinned when the first page is read, so entries arriving meanwhile never shift later pages. */
  until: string;
  /** Only this contact's entries; null for everyone. */
  contactId: string | null;
  /**
   * Which filters the server applies for this sequence of pages (fixed at its first page: `skip` counts in the
   * list the server filtered); the others are applied here. See logs.ts.
   */
  server: { range: boolean; contact: boolean };
  /**
   * The oldest timestamp read so far and the ids read at it: entries a later page repeats (the log shifted as
   * entries arrived) are dropped by these, so none is shown twice.
   */
  seen: { at: string; ids: string[] } | null;
}

/** The cursor as the renderer carries it: opaque base64url. */
export const encodeCursor = (c: LogCursor) => Buffer.from(JSON.stringify(c)).toString('base64url');

const isId = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.length <= 200;

/** Reads a cursor back; anything else is refused with a message that says what to do. */
export function decodeCursor(text: string): LogCursor {
  try {
    const c = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as Partial<LogCursor>;
    const seen = c.seen;
    if (
      Number.isInteger(c.skip) &&
      (c.skip as number) >= 0 &&
      typeof c.until === 'string' &&
      Number.isFinite(Date.parse(c.until)) &&
      (c.since === null || (typeof c.since === 'string' && Number.isFinite(Date.parse(c.since)))) &&
      (c.contactId === null || (typeof c.contactId === 'string' && isTapkeyId(c.contactId))) &&
      typeof c.server === 'object' &&
      c.server !== null &&
      typeof c.server.range === 'boolean' &&
      typeof c.server.contact === 'boolean' &&
      (seen === null ||
        (typeof seen === 'object' &&
          typeof seen.at === 'string' &&
          Array.isArray(seen.ids) &&
          seen.ids.length <= 20 &&
          seen.ids.every(isId)))
    ) {
      return c as LogCursor;
    }
  } catch {
    // Falls through to the error below.
  }
  throw new AppFailure('invalid-payload', 'The log position is not valid; reload the log.');
}

function isoOrThrow(value: string | undefined | null, what: string): string | null {
  if (value === undefined || value === null || value === '') return null;
  const ms = Date.parse(value);
  if (!Number.isFinite(ms))
    throw new AppFailure('invalid-payload', `${what} is not a date: ${value.slice(0, 40)}`);
  return new Date(ms).toISOString();
}

/** The cursor of a range's first page; without an end, the log is read up to now, pinned. */
export function firstCursor(
  range: { since?: string | null; until?: string | null; contactId?: string | null },
  server: LogCursor['server'] = { range: true, contact: true },
): LogCursor {
  const since = isoOrThrow(range.since, 'The start date');
  const until =
    isoOrThrow(range.until, 'The end date') ?? new Date(Date.now() + 1000).toISOString();
  if (since && since >= until)
    throw new AppFailure('invalid-payload', 'The start date must be before the end date.');
  const contactId = range.contactId ?? null;
  return {
    skip: 0,
    since,
    until,
    contactId,
    server: { range: server.range, contact: server.contact && contactId !== null },
    seen: null,
  };
}
