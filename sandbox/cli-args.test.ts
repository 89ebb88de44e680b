import { describe, expect, it } from 'vitest';
import { DEFAULT_BEHAVIOUR, GUESSED_BEHAVIOUR, SHEET_BEHAVIOUR } from './behaviour';
import { parseCliArgs } from './cli-args';

describe('the behaviour flags of npm run sandbox', () => {
  it('map each flag to its option', () => {
    expect(
      parseCliArgs([
        '--accept-read-contacts',
        '--refuse-openid',
        '--no-contact-email',
        '--page-cap',
        '7',
        '--log-cap',
        '100',
        '--refuse-timestamp-filter',
        '--all-locks-active',
        '--named-contacts-only',
        '--revoke-method',
        'put',
        '--read-only-access-manager',
        '--rcl-capacity',
        '3',
        '--sync-after',
        '250',
        '--plan-persons',
        '61',
        '--shared-person-accounts',
        '50',
      ]).options,
    ).toEqual({
      quiet: false,
      acceptReadContacts: true,
      oidcScopes: 'refuse',
      contactEmail: false,
      pageCap: 7,
      logEntriesPageCap: 100,
      lockTimestampFilter: 'refuse',
      locksWithoutActive: false,
      namelessContacts: false,
      revokeMethod: 'PUT',
      accessManagerWrites: false,
      rclCapacity: 3,
      syncLocksAfterMs: 250,
      planPersons: 61,
      sharedPersonAccounts: 50,
    });
  });

  it('leave every behaviour at its default without flags, and --sheet names the sheet’s answers', () => {
    expect(parseCliArgs([]).options).toEqual({ quiet: false });
    expect(parseCliArgs(['--sheet']).options).toEqual({ quiet: false, ...SHEET_BEHAVIOUR });
    expect(parseCliArgs(['--sheet', '--log-cap', '100']).options).toMatchObject({
      acceptReadContacts: false,
      logEntriesPageCap: 100,
    });
    expect(parseCliArgs(['--no-log-cap']).options).toEqual({
      quiet: false,
      logEntriesPageCap: null,
    });
  });

  it('play the sheet by default; the old guesses differ at every one of those points', () => {
    expect(DEFAULT_BEHAVIOUR).toMatchObject(SHEET_BEHAVIOUR);
    for (const [key, value] of Object.entries(GUESSED_BEHAVIOUR))
      expect(DEFAULT_BEHAVIOUR[key as keyof typeof DEFAULT_BEHAVIOUR], key).not.toEqual(value);
    expect(Object.keys(GUESSED_BEHAVIOUR).sort()).toEqual(Object.keys(SHEET_BEHAVIOUR).sort());
  });

  it.each([
    ['--revoke-method', 'DELETE'],
    ['--page-cap', '0'],
    ['--log-cap', '-5'],
    ['--rcl-capacity', 'ten'],
  ])('refuse %s %s', (flag, value) => {
    expect(() => parseCliArgs([flag, value])).toThrow(flag);
  });
});
