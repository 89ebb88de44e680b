import { AppFailure } from '../../errors';

/** Where a log page ends, so the next request continues there. */
export interface LogCursor {
  skip: number;
  since: string | null;
  /** Pinned when the first page is read, so entries arriving meanwhile never shift later pages. */
  until: string;
}

/** The cursor as the renderer carries it: opaque base64url. */
export const encodeCursor = (c: LogCursor) => Buffer.from(JSON.stringify(c)).toString('base64url');

/** Reads a cursor back; anything else is refused with a message that says what to do. */
export function decodeCursor(text: string): LogCursor {
  try {
    const c = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as Partial<LogCursor>;
    if (
      Number.isInteger(c.skip) &&
      (c.skip as number) >= 0 &&
      typeof c.until === 'string' &&
      (c.since === null || typeof c.since === 'string')
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
export function firstCursor(range: { since?: string | null; until?: string | null }): LogCursor {
  const since = isoOrThrow(range.since, 'The start date');
  const until =
    isoOrThrow(range.until, 'The end date') ?? new Date(Date.now() + 1000).toISOString();
  if (since && since >= until)
    throw new AppFailure('invalid-payload', 'The start date must be before the end date.');
  return { skip: 0, since, until };
}
