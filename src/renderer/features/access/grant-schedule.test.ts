import { describe, expect, it } from 'vitest';
import { ICAL_TEMPLATES } from '../../../../sandbox/data/access-data';
import { describeSchedule } from './grant-schedule';

describe('describeSchedule', () => {
  it("puts the sandbox's iCal restrictions in words", () => {
    expect(ICAL_TEMPLATES.map(describeSchedule)).toEqual([
      'Mon–Fri, 08:00–18:00',
      'Sat, Sun, 10:00–16:00',
      'Every day, 06:00–22:00',
      'Mon, Wed, Fri, 07:30–12:00',
    ]);
  });

  it('says "Any time" without a restriction, and never guesses at one it cannot read', () => {
    expect(describeSchedule(null)).toBe('Any time');
    expect(
      describeSchedule(
        'BEGIN:VEVENT\nDTSTART:20240101T080000\nDTEND:20240101T090000\nRRULE:FREQ=MONTHLY;BYMONTHDAY=1\nEND:VEVENT',
      ),
    ).toBe('Restricted schedule');
    expect(describeSchedule('BEGIN:VEVENT\nRRULE:FREQ=NONSENSE\nEND:VEVENT')).toBe(
      'Restricted schedule',
    );
  });

  it('reads folded lines and every-other-week rules', () => {
    const ical =
      'BEGIN:VEVENT\r\nDTSTART:20240101T0\r\n 90000\r\nDTEND:20240101T170000\r\nRRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH\r\nEND:VEVENT';
    expect(describeSchedule(ical)).toBe('Tue, Thu (every 2 weeks), 09:00–17:00');
  });
});
