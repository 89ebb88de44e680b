import { describe, expect, it } from 'vitest';
import { argSchemaFor } from './schemas';

const LOCK = '2b3c4d5e-0000-4000-8000-000000000001';

describe('access IPC arguments', () => {
  it('accept ids, ISO ranges and an opaque base64url cursor', () => {
    expect(argSchemaFor('access:list-grants').safeParse(['owner-1', LOCK]).success).toBe(true);
    expect(argSchemaFor('access:list-log-entries').safeParse(['owner-1', LOCK, {}]).success).toBe(
      true,
    );
    expect(
      argSchemaFor('access:list-log-entries').safeParse([
        'owner-1',
        LOCK,
        {
          since: '2026-01-01T00:00:00.000Z',
          until: '2026-02-01T00:00:00Z',
          cursor: 'eyJza2lwIjoyMDB9',
        },
      ]).success,
    ).toBe(true);
    expect(
      argSchemaFor('access:export-log-csv').safeParse([
        'owner-1',
        LOCK,
        { since: '2026-01-01T00:00:00Z' },
      ]).success,
    ).toBe(true);
  });

  it.each([
    ['a path in an id', 'access:list-log-entries', ['../owners', LOCK, {}]],
    ['a missing range object', 'access:list-log-entries', ['owner-1', LOCK]],
    [
      'a date that is not one',
      'access:list-log-entries',
      ['owner-1', LOCK, { since: 'yesterday' }],
    ],
    ['an unknown option', 'access:list-log-entries', ['owner-1', LOCK, { skip: 5 }]],
    [
      'a cursor with other characters',
      'access:list-log-entries',
      ['owner-1', LOCK, { cursor: 'a/b+c=' }],
    ],
    ['a cursor on export', 'access:export-log-csv', ['owner-1', LOCK, { cursor: 'abc' }]],
  ] as const)('refuse %s', (_name, channel, args) => {
    expect(argSchemaFor(channel).safeParse(args).success).toBe(false);
  });
});
