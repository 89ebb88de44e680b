import { describe, expect, it } from 'vitest';
import {
  countLabel,
  formatDate,
  formatDateTime,
  formatRawValue,
  humaniseKey,
  unreadableLabel,
} from './format';

describe('format', () => {
  it('counts with singular and plural and locale digits', () => {
    expect(countLabel(1, 'lock', 'locks', 'en')).toBe('1 lock');
    expect(countLabel(2000, 'lock', 'locks', 'en')).toBe('2,000 locks');
    expect(countLabel(0, 'lock', 'locks', 'en')).toBe('0 locks');
    expect(countLabel(2000, 'lock', 'locks', 'de')).toBe('2.000 locks');
  });

  it('reports unreadable items', () => {
    expect(unreadableLabel(2, 'lock', 'en')).toBe('2 locks could not be read');
    expect(unreadableLabel(1, 'owner account', 'en')).toBe('1 owner account could not be read');
  });

  it('formats dates in the given locale and refuses garbage', () => {
    expect(formatDate('2018-12-12T12:00:00.000Z', 'en-US')).toBe('Dec 12, 2018');
    expect(formatDate('2018-12-12T12:00:00.000Z', 'de-DE')).toBe('12.12.2018');
    expect(formatDate(null)).toBeNull();
    expect(formatDate('not a date')).toBeNull();
    expect(formatDateTime('', 'en')).toBeNull();
    expect(formatDateTime('2018-12-12T12:00:00.000Z', 'en-US')).toMatch(/Dec 12, 2018/);
  });

  it('shows raw values plainly', () => {
    expect(formatRawValue(null)).toBe('—');
    expect(formatRawValue('')).toBe('(empty)');
    expect(formatRawValue(3)).toBe('3');
    expect(formatRawValue(false)).toBe('false');
    expect(formatRawValue(['nfc', 'ble'])).toBe('[\n  "nfc",\n  "ble"\n]');
  });

  it('turns field names into labels', () => {
    expect(humaniseKey('bindDate')).toBe('Bind date');
    expect(humaniseKey('lastSeenRclSerialNo')).toBe('Last seen rcl serial no');
    expect(humaniseKey('id')).toBe('Id');
  });
});
