/** Parses a Retry-After header (delta-seconds or HTTP-date) into seconds from `now`; null when absent or invalid. */
export function parseRetryAfter(
  value: string | string[] | undefined,
  now: number = Date.now(),
): number | null {
  const v = Array.isArray(value) ? value[0] : value;
  if (!v) return null;
  const trimmed = v.trim();
  if (/^\d{1,9}$/.test(trimmed)) return Number(trimmed);
  // HTTP-date forms all start with a day name (RFC 9110 §5.6.7); Date.parse alone would accept '1.5' or '-1'.
  if (!/^[A-Za-z]{3,9},? /.test(trimmed)) return null;
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return null;
  return Math.max(0, Math.ceil((date - now) / 1000));
}
