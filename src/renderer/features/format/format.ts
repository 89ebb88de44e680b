/** Display formatting in the user's locale (Intl), kept pure so it can be tested without a browser. */

// Creating an Intl formatter costs far more than using one, and a list re-renders dozens of rows per keystroke:
// each distinct (kind, locale, options) formatter is made once.
const formatters = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();
function cached<T extends Intl.NumberFormat | Intl.DateTimeFormat>(key: string, make: () => T): T {
  let f = formatters.get(key) as T | undefined;
  if (!f) {
    f = make();
    formatters.set(key, f);
  }
  return f;
}
const numberFormat = (locale?: string) =>
  cached(`n|${locale ?? ''}`, () => new Intl.NumberFormat(locale));
const dateFormat = (locale: string | undefined, options: Intl.DateTimeFormatOptions) =>
  cached(
    `d|${locale ?? ''}|${JSON.stringify(options)}`,
    () => new Intl.DateTimeFormat(locale, options),
  );

/** "1 lock", "12 locks". */
export function countLabel(n: number, one: string, many: string, locale?: string): string {
  return `${numberFormat(locale).format(n)} ${n === 1 ? one : many}`;
}

/** "2 locks could not be read", for items Tapkey sent that failed validation. */
export function unreadableLabel(
  n: number,
  what: 'lock' | 'owner account',
  locale?: string,
): string {
  return `${countLabel(n, what, `${what}s`, locale)} could not be read`;
}

/** A date (no time) in the user's locale, or null when the value is missing or not a date. */
export function formatDate(iso: string | null | undefined, locale?: string): string | null {
  if (!iso) return null;
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return null;
  return dateFormat(locale, { dateStyle: 'medium' }).format(d);
}

/** A date with time in the user's locale, or null when the value is missing or not a date. */
export function formatDateTime(iso: string | null | undefined, locale?: string): string | null {
  if (!iso) return null;
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return null;
  return dateFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(d);
}

/** A time of day in the user's locale, e.g. for "last updated at 14:05". */
export function formatTime(at: number, locale?: string): string {
  return dateFormat(locale, { timeStyle: 'short' }).format(new Date(at));
}

/** A weekday and time of day in the user's locale, e.g. "Tue 10:42" for "loaded on Tue 10:42". */
export function formatDayTime(at: number, locale?: string): string {
  return dateFormat(locale, { weekday: 'short', hour: 'numeric', minute: '2-digit' }).format(
    new Date(at),
  );
}

/** One raw Tapkey value as text for the detail view: strings as they are, everything else as JSON. */
export function formatRawValue(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'string') return value === '' ? '(empty)' : value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  try {
    return JSON.stringify(value, null, 2);
  } catch {
    return String(value);
  }
}

/** "bindDate" → "Bind date", "lastSeenRclSerialNo" → "Last seen rcl serial no", for raw field labels. */
export function humaniseKey(key: string): string {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .trim()
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
