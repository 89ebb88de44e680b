import { describe, expect, it } from 'vitest';
import { scheduleToIcal } from '../../../shared/weekly-schedule';
import type { CheckedGrant } from '../access-schemas';
import { grant as sampleGrant } from '../../../../test/support/sample-writes';
import { givesAccess, isActive, sameIcal, sameInstant } from './grant-match';

const grant = (patch: Partial<CheckedGrant> = {}): CheckedGrant =>
  sampleGrant(
    'g1',
    'Lock-1',
    { kind: 'contact', contactId: 'c1' },
    { validBefore: '2031-01-01T00:00:00.000Z', ...patch },
  );
const wanted = {
  boundLockId: 'lock-1',
  validFrom: null,
  validBefore: '2031-01-01T00:00:00Z',
  timeRestrictionIcal: null,
};
const weekdays = scheduleToIcal({
  days: ['MO', 'TU', 'WE', 'TH', 'FR'],
  start: '08:00',
  end: '18:00',
});

describe('comparing a grant with the access wanted', () => {
  it('instants compare as instants; null is unlimited and equals only null', () => {
    expect(sameInstant(null, null)).toBe(true);
    expect(sameInstant(null, '2031-01-01T00:00:00Z')).toBe(false);
    expect(sameInstant('2031-01-01T00:00:00Z', null)).toBe(false);
    expect(sameInstant('2031-01-01T00:00:00Z', '2031-01-01T01:00:00+01:00')).toBe(true);
    expect(sameInstant('2031-01-01T00:00:00Z', '2031-01-01T00:00:01Z')).toBe(false);
    expect(sameInstant('soon', 'soon')).toBe(true);
    expect(sameInstant('soon', 'later')).toBe(false);
  });

  it('schedules compare as schedules when both read as one, else as text (line ends aside)', () => {
    expect(sameIcal(null, null)).toBe(true);
    expect(sameIcal('', null)).toBe(true);
    expect(sameIcal(' ', '')).toBe(true);
    expect(sameIcal(weekdays, null)).toBe(false);
    expect(sameIcal(null, weekdays)).toBe(false);
    expect(sameIcal(weekdays, weekdays.replace(/\r\n/g, '\n'))).toBe(true);
    expect(
      sameIcal(weekdays, weekdays.replace('BYDAY=MO,TU,WE,TH,FR', 'BYDAY=FR,TH,WE,TU,MO')),
    ).toBe(true);
    expect(sameIcal(weekdays, weekdays.replace('T180000', 'T170000'))).toBe(false);
    const odd = 'BEGIN:VEVENT\nRRULE:FREQ=MONTHLY\nEND:VEVENT';
    expect(sameIcal(odd, `${odd.replace(/\n/g, '\r\n')}\n`)).toBe(true);
    expect(sameIcal(odd, odd.replace('MONTHLY', 'YEARLY'))).toBe(false);
    expect(sameIcal(odd, weekdays)).toBe(false);
  });

  it('an active grant on the same lock (any case) with the same window and schedule gives the access', () => {
    expect(givesAccess(grant(), wanted)).toBe(true);
    expect(givesAccess(grant({ active: false, state: 'RevocationPending' }), wanted)).toBe(false);
    expect(givesAccess(grant({ active: null, state: 'Ok' }), wanted)).toBe(true);
    expect(givesAccess(grant({ active: null, state: 'Revoked' }), wanted)).toBe(false);
    expect(givesAccess(grant({ boundLockId: 'lock-2' }), wanted)).toBe(false);
    expect(givesAccess(grant({ validFrom: '2030-01-01T00:00:00Z' }), wanted)).toBe(false);
    expect(givesAccess(grant({ validBefore: null }), wanted)).toBe(false);
    expect(givesAccess(grant({ timeRestrictionIcal: weekdays }), wanted)).toBe(false);
    expect(
      givesAccess(grant({ timeRestrictionIcal: weekdays }), {
        ...wanted,
        timeRestrictionIcal: weekdays,
      }),
    ).toBe(true);
  });

  it('active is Tapkey’s flag, with state Ok standing in when it is missing', () => {
    expect(isActive(grant())).toBe(true);
    expect(isActive(grant({ active: false, state: 'Ok' }))).toBe(false);
    expect(isActive(grant({ active: null, state: 'Ok' }))).toBe(true);
    expect(isActive(grant({ active: null, state: null }))).toBe(false);
  });
});
