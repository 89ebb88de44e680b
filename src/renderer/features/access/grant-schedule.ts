import { RRule, rrulestr } from 'rrule';

const DAY_NAMES = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;

/** The iCalendar lines of a text, unfolded (RFC 5545 §3.1: a line starting with a space continues the last). */
function unfold(ical: string): string[] {
  return ical
    .replace(/\r?\n[ \t]/g, '')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
}

/** The wall-clock time of an iCal DATE-TIME value such as 20240101T080000 (floating or Z), as "08:00". */
function clock(value: string | undefined): string | null {
  const m = /T(\d{2})(\d{2})/.exec(value ?? '');
  return m ? `${m[1]}:${m[2]}` : null;
}

/** "Mon–Fri", "Sat, Sun" or "Mon, Wed, Fri" for weekday indices (0 = Monday, as rrule numbers them). */
function days(indices: number[]): string {
  const sorted = [...new Set(indices)].sort((a, b) => a - b);
  if (sorted.length === 7) return 'Every day';
  const contiguous =
    sorted.length >= 3 && sorted.every((d, i) => i === 0 || d === (sorted[i - 1] as number) + 1);
  if (contiguous)
    return `${DAY_NAMES[sorted[0] as number]}–${DAY_NAMES[sorted[sorted.length - 1] as number]}`;
  return sorted.map((d) => DAY_NAMES[d]).join(', ');
}

/**
 * A grant's iCal time restriction in words, e.g. "Mon–Fri, 08:00–18:00"; "Any time" when there is none, and a
 * plain "Restricted schedule" when the text is not one we can read (never a wrong claim about when it works).
 */
export function describeSchedule(ical: string | null): string {
  if (!ical || !ical.trim()) return 'Any time';
  const lines = unfold(ical);
  const value = (name: string) =>
    lines
      .find((l) => l.toUpperCase().startsWith(`${name}:`) || l.toUpperCase().startsWith(`${name};`))
      ?.split(':')
      .slice(1)
      .join(':');
  const start = value('DTSTART');
  const end = value('DTEND');
  const rule = value('RRULE');
  const from = clock(start);
  const to = clock(end);
  const hours = from && to ? `${from}–${to}` : null;
  if (!rule) return hours ? `Once, ${hours}` : 'Restricted schedule';
  let options;
  try {
    options = rrulestr(`RRULE:${rule}`).origOptions;
  } catch {
    return 'Restricted schedule';
  }
  let when: string | null = null;
  if (options.freq === RRule.DAILY && !options.byweekday) when = 'Every day';
  else if ((options.freq === RRule.WEEKLY || options.freq === RRule.DAILY) && options.byweekday) {
    const list = Array.isArray(options.byweekday) ? options.byweekday : [options.byweekday];
    when = days(
      list.map((d) =>
        typeof d === 'number'
          ? d
          : typeof d === 'string'
            ? DAY_NAMES.findIndex((n) => n.slice(0, 2).toUpperCase() === d)
            : d.weekday,
      ),
    );
  }
  if (!when) return 'Restricted schedule';
  if ((options.interval ?? 1) > 1)
    when = `${when} (every ${options.interval} ${options.freq === RRule.WEEKLY ? 'weeks' : 'days'})`;
  return hours ? `${when}, ${hours}` : when;
}
