import { describe, expect, it } from 'vitest';
import { whether } from './fact';

describe('whether', () => {
  const words = { yes: 'Active', no: 'Inactive', unsaid: 'Tapkey did not say' };

  it('says yes, no, or that Tapkey did not say: never reads a missing value as no', () => {
    expect([true, false, null].map((v) => whether(v, words))).toEqual([
      'Active',
      'Inactive',
      'Tapkey did not say',
    ]);
  });
});
