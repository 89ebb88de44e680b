import { describe, expect, it } from 'vitest';
import { ICAL_TEMPLATES } from '../../sandbox/data/access-data';
import {
  describeDays,
  describeWeeklySchedule,
  icalClock,
  parseDays,
  parseHours,
  sameSchedule,
  scheduleFromIcal,
  scheduleProblem,
  scheduleToIcal,
  unfoldIcal,
} from './weekly-schedule';
import type { WeeklySchedule } from './write-model';

const weekdays: WeeklySchedule = {
  days: ['MO', 'TU', 'WE', 'TH', 'FR'],
  start: '08:00',
  end: '18:00',
};

describe('weekly schedules as iCalendar', () => {
  it('writes one weekly VEVENT on the first chosen day of the week of 2024-01-01, floating times, RRULE by rrule', () => {
    expect(scheduleToIcal(weekdays)).toBe(
      [
        'BEGIN:VCALENDAR',
        'VERSION:2.0',
        'BEGIN:VEVENT',
        'DTSTART:20240101T080000',
        'DTEND:20240101T180000',
        'RRULE:FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR',
        'END:VEVENT',
        'END:VCALENDAR',
      ].join('\r\n'),
    );
    // Days in any order, written in week order; the event starts on the first of them.
    expect(scheduleToIcal({ days: ['SU', 'SA'], start: '10:00', end: '16:30' })).toContain(
      'DTSTART:20240106T100000\r\nDTEND:20240106T163000\r\nRRULE:FREQ=WEEKLY;BYDAY=SA,SU',
    );
    expect(scheduleToIcal({ days: ['SU'], start: '00:00', end: '23:59' })).toContain(
      'DTSTART:20240107T000000',
    );
  });

  it('refuses to write a schedule that cannot be sent', () => {
    expect(() => scheduleToIcal({ days: [], start: '08:00', end: '09:00' })).toThrow(
      'Choose at least one day for the schedule.',
    );
    expect(() => scheduleToIcal({ ...weekdays, start: '18:00', end: '08:00' })).toThrow(RangeError);
  });

  it('reads back what it writes, and the sandbox’s seeded schedules', () => {
    for (const s of [
      weekdays,
      { days: ['SA', 'SU'], start: '10:00', end: '16:00' },
      { days: ['MO', 'WE', 'FR'], start: '07:30', end: '12:00' },
    ] as WeeklySchedule[])
      expect(scheduleFromIcal(scheduleToIcal(s))).toEqual(s);
    expect(ICAL_TEMPLATES.map(scheduleFromIcal)).toEqual([
      weekdays,
      { days: ['SA', 'SU'], start: '10:00', end: '16:00' },
      { days: ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'], start: '06:00', end: '22:00' },
      { days: ['MO', 'WE', 'FR'], start: '07:30', end: '12:00' },
    ]);
  });

  it('reads folded lines, DAILY with days, and parameters on DTSTART', () => {
    expect(
      scheduleFromIcal(
        'BEGIN:VEVENT\r\nDTSTART;TZID=Europe/Vienna:20240101T0\r\n 90000\r\nDTEND:20240101T170000\r\nRRULE:FREQ=DAILY;BYDAY=TU,TH\r\nEND:VEVENT',
      ),
    ).toEqual({ days: ['TU', 'TH'], start: '09:00', end: '17:00' });
  });

  it('says nothing about a text it cannot read exactly', () => {
    const event = (rule: string, more = '') =>
      `BEGIN:VEVENT\nDTSTART:20240101T080000\nDTEND:20240101T090000\n${rule}\n${more}END:VEVENT`;
    for (const text of [
      null,
      '',
      '  ',
      event('RRULE:FREQ=MONTHLY;BYMONTHDAY=1'),
      event('RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=MO'),
      event('RRULE:FREQ=WEEKLY;COUNT=3;BYDAY=MO'),
      event('RRULE:FREQ=WEEKLY;UNTIL=20250101T000000Z;BYDAY=MO'),
      event('RRULE:FREQ=WEEKLY;BYDAY=1MO'),
      event('RRULE:FREQ=WEEKLY'),
      event('RRULE:FREQ=NONSENSE'),
      'BEGIN:VEVENT\nDTSTART:20240101T080000\nRRULE:FREQ=DAILY\nEND:VEVENT',
      'BEGIN:VEVENT\nDTEND:20240101T080000\nRRULE:FREQ=DAILY\nEND:VEVENT',
      'BEGIN:VEVENT\nDTSTART:20240101T080000\nDTEND:20240101T090000\nEND:VEVENT',
      'BEGIN:VEVENT\nDTSTART:20240101T180000\nDTEND:20240101T080000\nRRULE:FREQ=DAILY\nEND:VEVENT',
      `${event('RRULE:FREQ=DAILY')}\n${event('RRULE:FREQ=DAILY')}`,
      'DTSTART:20240101T080000\nDTEND:20240101T090000\nRRULE:FREQ=DAILY',
    ])
      expect(scheduleFromIcal(text), String(text)).toBeNull();
  });

  it('unfolds lines and reads clock times', () => {
    expect(unfoldIcal('A:1\r\n 2\n\tB\nC:3\n\n')).toEqual(['A:12B', 'C:3']);
    expect(icalClock('20240101T073000')).toBe('07:30');
    expect(icalClock('20240101T073000Z')).toBe('07:30');
    expect(icalClock('20240101')).toBeNull();
    expect(icalClock(undefined)).toBeNull();
  });
});

describe('checking and comparing schedules', () => {
  it('names each problem', () => {
    expect(scheduleProblem(weekdays)).toBeNull();
    expect(scheduleProblem({ ...weekdays, days: [] })).toBe(
      'Choose at least one day for the schedule.',
    );
    expect(scheduleProblem({ ...weekdays, days: ['XX' as 'MO'] })).toBe(
      'The schedule names an unknown day.',
    );
    expect(scheduleProblem({ ...weekdays, start: '8:00' })).toBe(
      'Schedule hours are times such as 08:00 and 18:00.',
    );
    expect(scheduleProblem({ ...weekdays, end: '24:00' })).toBe(
      'Schedule hours are times such as 08:00 and 18:00.',
    );
    expect(scheduleProblem({ ...weekdays, start: '08:60' })).toBe(
      'Schedule hours are times such as 08:00 and 18:00.',
    );
    expect(scheduleProblem({ ...weekdays, start: '18:00', end: '18:00' })).toBe(
      'The schedule must end after it starts on the same day (18:00–18:00).',
    );
    expect(scheduleProblem({ ...weekdays, start: '23:58', end: '23:59' })).toBeNull();
    expect(scheduleProblem({ ...weekdays, start: '00:00', end: '00:01' })).toBeNull();
  });

  it('compares days as sets and hours exactly', () => {
    expect(sameSchedule(null, null)).toBe(true);
    expect(sameSchedule(weekdays, null)).toBe(false);
    expect(sameSchedule(null, weekdays)).toBe(false);
    expect(sameSchedule(weekdays, { ...weekdays, days: ['FR', 'TH', 'WE', 'TU', 'MO'] })).toBe(
      true,
    );
    expect(sameSchedule(weekdays, { ...weekdays, days: ['MO', 'TU', 'WE', 'TH'] })).toBe(false);
    expect(sameSchedule(weekdays, { ...weekdays, days: ['MO', 'TU', 'WE', 'TH', 'SA'] })).toBe(
      false,
    );
    expect(sameSchedule(weekdays, { ...weekdays, start: '08:01' })).toBe(false);
    expect(sameSchedule(weekdays, { ...weekdays, end: '18:01' })).toBe(false);
  });
});

describe('days and hours as people write them', () => {
  it('reads days, ranges (forward through the week) and lists, in any case', () => {
    expect(parseDays('Mon-Fri')).toEqual(['MO', 'TU', 'WE', 'TH', 'FR']);
    expect(parseDays(' sat , SUN ')).toEqual(['SA', 'SU']);
    expect(parseDays('Mon,Wed-Fri')).toEqual(['MO', 'WE', 'TH', 'FR']);
    expect(parseDays('Fri-Mon')).toEqual(['MO', 'FR', 'SA', 'SU']);
    expect(parseDays('Tue-Tue')).toEqual(['TU']);
    expect(parseDays('Daily')).toEqual(['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU']);
    expect(parseDays('every day')).toEqual(['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU']);
    expect(parseDays('Sun,Sun')).toEqual(['SU']);
  });

  it('names what it cannot read', () => {
    expect(() => parseDays('Mon-Fxi')).toThrow(
      '"Fxi" is not a day (Mon, Tue, Wed, Thu, Fri, Sat, Sun)',
    );
    expect(() => parseDays('Mon,,Fri')).toThrow('"Mon,,Fri" has an empty day');
    expect(() => parseDays('Mon-Wed-Fri')).toThrow('"Mon-Wed-Fri" is not a day or a range');
    expect(() => parseDays('')).toThrow(RangeError);
  });

  it('reads hours with one or two hour digits and either dash', () => {
    expect(parseHours('08:00-18:00')).toEqual({ start: '08:00', end: '18:00' });
    expect(parseHours(' 8:30 – 17:45 ')).toEqual({ start: '08:30', end: '17:45' });
    for (const bad of [
      '8-18',
      '08:00',
      '08:00-25:00',
      '08:0-18:00',
      'x08:00-18:00',
      '08:00-18:00x',
    ])
      expect(() => parseHours(bad), bad).toThrow(
        `"${bad}" is not a range of hours such as 08:00-18:00`,
      );
  });

  it('describes days and schedules', () => {
    expect(describeDays(['FR', 'MO', 'TU', 'WE', 'TH'])).toBe('Mon–Fri');
    expect(describeDays(['SA', 'SU'])).toBe('Sat, Sun');
    expect(describeDays(['MO', 'WE', 'FR'])).toBe('Mon, Wed, Fri');
    expect(describeDays(['TU', 'WE', 'TH'])).toBe('Tue–Thu');
    expect(describeDays(['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'])).toBe('Every day');
    expect(describeWeeklySchedule(weekdays)).toBe('Mon–Fri, 08:00–18:00');
  });
});

describe('the edges of reading and writing schedules', () => {
  const ical = (...lines: string[]) =>
    ['BEGIN:VCALENDAR', 'BEGIN:VEVENT', ...lines, 'END:VEVENT', 'END:VCALENDAR'].join('\r\n');
  const start = 'DTSTART:20240101T080000';
  const end = 'DTEND:20240101T180000';

  it('times are exactly HH:MM, and every day must be a day of the week', () => {
    const hours = 'Schedule hours are times such as 08:00 and 18:00.';
    expect(scheduleProblem({ days: ['MO'], start: '108:00', end: '18:00' })).toBe(hours);
    expect(scheduleProblem({ days: ['MO'], start: '08:00', end: '18:001' })).toBe(hours);
    expect(scheduleProblem({ days: ['MO', 'XX' as 'MO'], start: '08:00', end: '18:00' })).toBe(
      'The schedule names an unknown day.',
    );
    expect(() => parseHours('25:00-26:00')).toThrow(
      '"25:00-26:00" is not a range of hours such as 08:00-18:00',
    );
  });

  it('reads a schedule whose lines end in spaces, and nothing without its start, end or rule', () => {
    expect(scheduleFromIcal(ical(`${start} `, `${end}\t`, 'RRULE:FREQ=WEEKLY;BYDAY=MO '))).toEqual({
      days: ['MO'],
      start: '08:00',
      end: '18:00',
    });
    expect(
      scheduleFromIcal(
        ['BEGIN:VEVENT ', start, end, 'RRULE:FREQ=WEEKLY;BYDAY=TU', 'END:VEVENT'].join('\n'),
      ),
    ).toEqual({ days: ['TU'], start: '08:00', end: '18:00' });
    expect(scheduleFromIcal(ical(start, end))).toBeNull();
    expect(scheduleFromIcal(ical(start, 'RRULE:FREQ=WEEKLY;BYDAY=MO'))).toBeNull();
    expect(scheduleFromIcal(ical(end, 'RRULE:FREQ=WEEKLY;BYDAY=MO'))).toBeNull();
  });

  it('an nth weekday or a monthly rule is not a weekly schedule', () => {
    expect(scheduleFromIcal(ical(start, end, 'RRULE:FREQ=MONTHLY;BYDAY=MO'))).toBeNull();
    expect(scheduleFromIcal(ical(start, end, 'RRULE:FREQ=WEEKLY;BYDAY=1MO'))).toBeNull();
    expect(scheduleFromIcal(ical(start, end, 'RRULE:FREQ=WEEKLY;BYDAY=MO,1TU'))).toBeNull();
  });

  it('more days is another schedule, even when the first ones agree', () => {
    expect(sameSchedule({ ...weekdays, days: ['MO'] }, { ...weekdays, days: ['MO', 'TU'] })).toBe(
      false,
    );
  });

  it('days as typed: spaces around, "daily" alone, and each wrong part named without its spaces', () => {
    expect(parseDays('  daily  ')).toHaveLength(7);
    expect(() => parseDays('not daily')).toThrow(RangeError);
    expect(() => parseDays('daily please')).toThrow(RangeError);
    expect(() => parseDays('Mon, Xyz ')).toThrow('"Xyz" is not a day');
    expect(() => parseDays('Mon, ,Fri')).toThrow('"Mon, ,Fri" has an empty day');
    expect(() => parseDays('Fri, Mon-Tue-Wed ')).toThrow('"Mon-Tue-Wed" is not a day or a range');
  });
});
