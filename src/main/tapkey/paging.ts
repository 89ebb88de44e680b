// How lists are paged: the rules every list of the request layer follows, each in one place.

/** A guard against a server that never sends a short page: more items than this in one list is an error. */
export const MAX_ITEMS = 1_000_000;
/** The same guard for a streamed log, which is never held in memory whole. */
export const MAX_STREAMED_ITEMS = 10 * MAX_ITEMS;
/** Tapkey's own exporter pages 500 at a time: the size we trust every Tapkey server to serve. */
const SAFE_PAGE_SIZE = 500;

/**
 * What a client has learned about the silent page cap of one kind of list (Tapkey caps log pages without
 * saying so, and may cap others). A page never holds more than the cap, so the largest page seen is a lower
 * bound of it; a page shorter than asked that was followed by more items *was* the cap.
 *
 * Trusts the server on one point: that a kind of list has one cap for the client's life (a fixed number, as
 * Tapkey's exporter assumes). A server whose cap shrank meanwhile would make a shorter page look like the end.
 */
export interface CapKnowledge {
  /** The most items one page of this kind has held. */
  largestPage: number;
  /** The cap itself, once seen; null while unknown. */
  cap: number | null;
}

/** Nothing known yet. */
export const noCapKnowledge = (): CapKnowledge => ({ largestPage: 0, cap: null });

/** What a page says about its list. */
export type PageVerdict =
  /** The page is full: more may follow at skip + received. */
  | 'more'
  /** The page ends the list. */
  | 'end'
  /**
   * Shorter than asked, but it may have been cut by a silent cap: the first page's twin decides (see
   * request.pages), else one more request at skip + received.
   */
  | 'unsure';

/**
 * The one rule for "this page was the last", from the page alone: a page of `received` items, asked for with
 * `$top` = `asked`. An empty page ends a list; a page shorter than asked ends it only when it is also shorter
 * than a page this server is known to send whole (the cap, or the largest page seen), since a page cut by a
 * silent cap looks exactly like the last one. A page of more items than asked is taken whole, and its list goes
 * on after it. `unsure` costs a first page nothing more when its twin answered (request.pages), and any other
 * page one more request.
 */
export function endsList(received: number, asked: number, known: CapKnowledge): PageVerdict {
  if (received === 0) return 'end';
  // With the cap known, a page of the cap is full, whatever was asked before it was known.
  if (received >= asked || (known.cap !== null && received >= known.cap)) return 'more';
  const whole = known.cap ?? known.largestPage;
  return received < whole ? 'end' : 'unsure';
}

/**
 * Records a page of `received` items; `cutShort` when a shorter page than asked was followed by more items, or
 * its twin (the list from its second item) was as long as it.
 */
export function learnPage(known: CapKnowledge, received: number, cutShort: boolean): void {
  if (received > known.largestPage) known.largestPage = received;
  if (cutShort && received > 0) known.cap = Math.min(known.cap ?? Infinity, received);
}

/** The `$top` to ask next: the cap once known (so a full page proves nothing and a short one proves the end). */
export function topFor(wanted: number, known: CapKnowledge): number {
  return Math.max(1, Math.min(wanted, known.cap ?? Infinity));
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
