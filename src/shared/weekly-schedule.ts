import * as rruleModule from 'rrule';
import type { Weekday as RWeekday } from 'rrule';
import { WEEKDAYS, type Weekday, type WeeklySchedule } from './write-model';

// Bundlers and vitest load rrule's ESM build; plain Node (tsx: benchmarks, scripts) loads its CommonJS build,
// whose exports then arrive as `default`.
const rrule: typeof rruleModule =
  'RRule' in rruleModule
    ? rruleModule
    : (Reflect.get(rruleModule, 'default') as typeof rruleModule);
const { RRule, rrulestr } = rrule;

/** Short English names in WEEKDAYS' order, as the CLI takes them (`--days Mon-Fri`) and the UI shows them. */
export const DAY_NAMES: readonly string[] = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

const RRULE_DAYS: readonly RWeekday[] = [
  RRule.MO,
  RRule.TU,
  RRule.WE,
  RRule.TH,
  RRule.FR,
  RRule.SA,
  RRule.SU,
];

const CLOCK = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** Minutes since midnight of "HH:MM", or null when it is not such a time. */
function minutesOf(clock: string): number | null {
  const m = CLOCK.exec(clock);
  return m ? Number(m[1]) * 60 + Number(m[2]) : null;
}

/**
 * What is wrong with a schedule, in one sentence, or null when it can be sent: at least one day, two real times,
 * and the end after the start on the same day (a window across midnight is two windows, which one grant cannot say).
 */
export function scheduleProblem(s: WeeklySchedule): string | null {
  if (s.days.length === 0) return 'Choose at least one day for the schedule.';
  if (s.days.some((d) => !WEEKDAYS.includes(d))) return 'The schedule names an unknown day.';
  const start = minutesOf(s.start);
  const end = minutesOf(s.end);
  if (start === null || end === null) return 'Schedule hours are times such as 08:00 and 18:00.';
  if (end <= start)
    return `The schedule must end after it starts on the same day (${s.start}–${s.end}).`;
  return null;
}

const sortedDays = (days: readonly Weekday[]) =>
  WEEKDAYS.filter((d) => days.includes(d)) as Weekday[];

/**
 * The iCalendar text Tapkey takes as `timeRestrictionIcal`: one VEVENT from `start` to `end` on the first chosen
 * day of the week of 2024-01-01 (a Monday), repeating weekly on the chosen days. Times are floating (no zone):
 * a lock applies them in its own local time. The RRULE line is written by rrule, the library the app reads with.
 */
export function scheduleToIcal(s: WeeklySchedule): string {
  const problem = scheduleProblem(s);
  if (problem) throw new RangeError(problem);
  const days = sortedDays(s.days);
  const firstDay = WEEKDAYS.indexOf(days[0] as Weekday) + 1;
  const date = `202401${String(firstDay).padStart(2, '0')}`;
  const time = (clock: string) => `${clock.replace(':', '')}00`;
  const rule = new RRule({
    freq: RRule.WEEKLY,
    byweekday: days.map((d) => RRULE_DAYS[WEEKDAYS.indexOf(d)] as RWeekday),
  }).toString();
  return [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'BEGIN:VEVENT',
    `DTSTART:${date}T${time(s.start)}`,
    `DTEND:${date}T${time(s.end)}`,
    rule,
    'END:VEVENT',
    'END:VCALENDAR',
  ].join('\r\n');
}

/** The iCalendar lines of a text, unfolded (RFC 5545 §3.1: a line starting with a space continues the last). */
export function unfoldIcal(ical: string): string[] {
  return ical
    .replace(/\r?\n[ \t]/g, '')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
}

/** The value of property `name` (DTSTART, RRULE …) in unfolded iCal lines; undefined if absent. */
export function icalProperty(lines: readonly string[], name: string): string | undefined {
  return lines
    .find((l) => l.toUpperCase().startsWith(`${name}:`) || l.toUpperCase().startsWith(`${name};`))
    ?.split(':')
    .slice(1)
    .join(':');
}

/** The wall-clock time of an iCal DATE-TIME value such as 20240101T080000 (floating or Z), as "08:00". */
export function icalClock(value: string | undefined): string | null {
  const m = /T(\d{2})(\d{2})/.exec(value ?? '');
  return m ? `${m[1]}:${m[2]}` : null;
}

/**
 * The weekly schedule an iCal text says, or null when it says something else (monthly, every other week, several
 * events, unreadable): only a schedule this reads exactly is ever compared or shown as days and hours.
 */
export function scheduleFromIcal(ical: string | null): WeeklySchedule | null {
  if (!ical || !ical.trim()) return null;
  const lines = unfoldIcal(ical);
  if (lines.filter((l) => l.toUpperCase() === 'BEGIN:VEVENT').length !== 1) return null;
  const value = (name: string) => icalProperty(lines, name);
  const start = icalClock(value('DTSTART'));
  const end = icalClock(value('DTEND'));
  const rule = value('RRULE');
  if (!start || !end || !rule) return null;
  let options;
  try {
    options = rrulestr(`RRULE:${rule}`).origOptions;
  } catch {
    return null;
  }
  if ((options.interval ?? 1) !== 1 || options.count || options.until) return null;
  let days: Weekday[];
  if (options.freq === RRule.DAILY && !options.byweekday) days = [...WEEKDAYS];
  else if ((options.freq === RRule.WEEKLY || options.freq === RRule.DAILY) && options.byweekday) {
    const list = Array.isArray(options.byweekday) ? options.byweekday : [options.byweekday];
    const indices = list.map((d) =>
      typeof d === 'number' ? d : typeof d === 'string' ? -1 : d.n ? -1 : d.weekday,
    );
    if (indices.some((i) => i < 0 || i > 6)) return null;
    days = sortedDays(indices.map((i) => WEEKDAYS[i] as Weekday));
  } else return null;
  const schedule = { days, start, end };
  return scheduleProblem(schedule) ? null : schedule;
}

/** True when two schedules allow the same hours on the same days (null = no restriction). */
export function sameSchedule(a: WeeklySchedule | null, b: WeeklySchedule | null): boolean {
  if (a === null || b === null) return a === b;
  const da = sortedDays(a.days);
  const db = sortedDays(b.days);
  return (
    a.start === b.start &&
    a.end === b.end &&
    da.length === db.length &&
    da.every((d, i) => d === db[i])
  );
}

/**
 * Days as people write them: "Mon-Fri", "Sat,Sun", "Mon,Wed-Fri", "daily" (English three-letter names, any case;
 * a range runs forward through the week, so "Fri-Mon" is Fri, Sat, Sun, Mon). Throws a RangeError naming the
 * part it cannot read.
 */
export function parseDays(text: string): Weekday[] {
  const t = text.trim();
  if (/^(daily|every day)$/i.test(t)) return [...WEEKDAYS];
  const index = (name: string) => {
    const i = DAY_NAMES.findIndex((d) => d.toLowerCase() === name.trim().toLowerCase());
    if (i < 0)
      throw new RangeError(`"${name.trim()}" is not a day (Mon, Tue, Wed, Thu, Fri, Sat, Sun)`);
    return i;
  };
  const chosen = new Set<number>();
  for (const part of t.split(',')) {
    if (!part.trim()) throw new RangeError(`"${text}" has an empty day`);
    const [from, to, extra] = part.split('-');
    if (extra !== undefined) throw new RangeError(`"${part.trim()}" is not a day or a range`);
    const a = index(from as string);
    if (to === undefined) {
      chosen.add(a);
      continue;
    }
    const b = index(to);
    for (let i = a; ; i = (i + 1) % 7) {
      chosen.add(i);
      if (i === b) break;
    }
  }
  return [...chosen].sort((x, y) => x - y).map((i) => WEEKDAYS[i] as Weekday);
}

/** Hours as people write them: "08:00-18:00" (24-hour clock). Throws a RangeError when it is not that. */
export function parseHours(text: string): { start: string; end: string } {
  const m = /^\s*(\d{1,2}):(\d{2})\s*[-–]\s*(\d{1,2}):(\d{2})\s*$/.exec(text);
  if (!m) throw new RangeError(`"${text}" is not a range of hours such as 08:00-18:00`);
  const pad = (h: string, min: string) => `${h.padStart(2, '0')}:${min}`;
  const start = pad(m[1] as string, m[2] as string);
  const end = pad(m[3] as string, m[4] as string);
  if (minutesOf(start) === null || minutesOf(end) === null)
    throw new RangeError(`"${text}" is not a range of hours such as 08:00-18:00`);
  return { start, end };
}

/** "Mon–Fri", "Sat, Sun" or "Mon, Wed, Fri"; "Every day" for all seven. */
export function describeDays(days: readonly Weekday[]): string {
  const idx = sortedDays(days).map((d) => WEEKDAYS.indexOf(d));
  if (idx.length === 7) return 'Every day';
  const contiguous =
    idx.length >= 3 && idx.every((d, i) => i === 0 || d === (idx[i - 1] as number) + 1);
  if (contiguous)
    return `${DAY_NAMES[idx[0] as number]}–${DAY_NAMES[idx[idx.length - 1] as number]}`;
  return idx.map((d) => DAY_NAMES[d]).join(', ');
}

/** A schedule in words, e.g. "Mon–Fri, 08:00–18:00". */
export function describeWeeklySchedule(s: WeeklySchedule): string {
  return `${describeDays(s.days)}, ${s.start}–${s.end}`;
}
