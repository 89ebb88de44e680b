import { describe, expect, it } from 'vitest';
import type { PlanProblem } from '../../../shared/model';
import { AppFailure } from '../../errors';
import { invalidEmail, isEmail, isoOf, orProblem } from './plan-context';

describe('what a plan checks before asking Tapkey', () => {
  it('an e-mail address is one word with an @ and a domain with a dot, spaces around it aside', () => {
    expect(isEmail(' robin@example.org ')).toBe(true);
    for (const bad of [
      'robin',
      'robin@example',
      'a b@example.org',
      'robin@example.org x',
      '@x.org',
    ])
      expect(isEmail(bad)).toBe(false);
  });

  it('says which address is not one, trimmed and cut at 80 characters', () => {
    expect(invalidEmail('  nope  ')).toEqual({
      code: 'invalid-payload',
      message: '"nope" is not an e-mail address (e.g. robin@example.org).',
    });
    expect(invalidEmail(` ${'x'.repeat(100)}`).message).toBe(
      `"${'x'.repeat(80)}" is not an e-mail address (e.g. robin@example.org).`,
    );
  });

  it('dates: empty is none, a date is UTC with milliseconds, anything else is not a date', () => {
    expect(isoOf(null)).toBeNull();
    expect(isoOf('')).toBeNull();
    expect(isoOf('   ')).toBeNull();
    expect(isoOf('2027-01-01T01:00:00+01:00')).toBe('2027-01-01T00:00:00.000Z');
    expect(isoOf('soon')).toBeUndefined();
  });

  it('a read answered 404 is a problem of the plan; any other failure fails the preview', async () => {
    const problems: PlanProblem[] = [];
    expect(await orProblem(problems, async () => 7, 'unused')).toBe(7);
    expect(
      await orProblem(
        problems,
        async () => {
          throw new AppFailure('not-found', 'gone');
        },
        'No lock L here.',
      ),
    ).toBeNull();
    expect(problems).toEqual([{ code: 'not-found', message: 'No lock L here.' }]);
    await expect(
      orProblem(
        problems,
        async () => {
          throw new AppFailure('network', 'offline');
        },
        'x',
      ),
    ).rejects.toMatchObject({ code: 'network' });
    expect(problems).toHaveLength(1);
  });
});
