import { RRule, rrulestr } from 'rrule';
import {
  describeDays,
  icalClock as clock,
  icalProperty,
  unfoldIcal as unfold,
} from '../../../shared/weekly-schedule';
import { WEEKDAYS, type Weekday } from '../../../shared/write-model';

/** "Mon–Fri", "Sat, Sun" or "Mon, Wed, Fri" for weekday indices (0 = Monday, as rrule numbers them). */
const days = (indices: number[]) =>
  describeDays(indices.map((i) => WEEKDAYS[i]).filter((d): d is Weekday => d !== undefined));

/** The columns a table of grants shows after who or where, in this order: the terms of each grant. */
export const GRANT_TERMS = ['Valid from', 'Valid until', 'When', 'State'] as const;

/**
 * A grant's iCal time restriction in words, e.g. "Mon–Fri, 08:00–18:00"; "Any time" when there is none, and a
 * plain "Restricted schedule" when the text is not one we can read (never a wrong claim about when it works).
 */
export function describeSchedule(ical: string | null): string {
  if (!ical || !ical.trim()) return 'Any time';
  const lines = unfold(ical);
  const value = (name: string) => icalProperty(lines, name);
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
            ? WEEKDAYS.indexOf(d as Weekday)
            : d.weekday,
      ),
    );
  }
  if (!when) return 'Restricted schedule';
  if ((options.interval ?? 1) > 1)
    when = `${when} (every ${options.interval} ${options.freq === RRule.WEEKLY ? 'weeks' : 'days'})`;
  return hours ? `${when}, ${hours}` : when;
}
