// How lists are paged: the rules every list of the request layer follows, each in one place.

/** A guard against a server that never sends a short page: more items than this in one list is an error. */
export const MAX_ITEMS = 1_000_000;
/** The same guard for a streamed log, which is never held in memory whole. */
export const MAX_STREAMED_ITEMS = 10 * MAX_ITEMS;
/** Tapkey's own exporter pages 500 at a time: the size we trust every Tapkey server to serve. */
const SAFE_PAGE_SIZE = 500;

/**
 * True when a page of `received` items, asked for with `$top` = `asked`, is the last one. Today a page shorter
 * than asked ends the list. This is the one place that decides it: a server that caps pages silently changes it.
 */
export function endsList(received: number, asked: number): boolean {
  return received < asked;
}

/** The maximum a server named when refusing a `$top`, e.g. ASP.NET OData's "The limit of '1000' for Top query has been exceeded". */
export function topLimitIn(body: string): number | null {
  const m = /limit of '?(\d{1,9})'? for top/i.exec(body);
  return m ? Number(m[1]) : null;
}

/**
 * The next `$top` after the server refused `top` with a 400: the limit it named, else 1,000, then 500; null when
 * `top` is already at the safe size (the 400 is then about something else and is reported).
 */
export function smallerTop(top: number, named: number | null): number | null {
  if (top <= SAFE_PAGE_SIZE) return null;
  return named !== null && named >= 1 && named < top ? named : top > 1000 ? 1000 : SAFE_PAGE_SIZE;
}
