import { describe, expect, it } from 'vitest';
import { nextActiveIndex } from './list-keys';

describe('nextActiveIndex', () => {
  it('moves within bounds', () => {
    expect(nextActiveIndex('ArrowDown', 0, 3, 10)).toBe(1);
    expect(nextActiveIndex('ArrowDown', 2, 3, 10)).toBe(2);
    expect(nextActiveIndex('ArrowUp', 0, 3, 10)).toBe(0);
    expect(nextActiveIndex('Home', 2, 3, 10)).toBe(0);
    expect(nextActiveIndex('End', 0, 3, 10)).toBe(2);
    expect(nextActiveIndex('PageDown', 0, 100, 10)).toBe(10);
    expect(nextActiveIndex('PageUp', 5, 100, 10)).toBe(0);
  });

  it('starts at the first row when nothing is active, and ignores other keys and empty lists', () => {
    expect(nextActiveIndex('ArrowDown', -1, 3, 10)).toBe(0);
    expect(nextActiveIndex('ArrowUp', -1, 3, 10)).toBe(0);
    expect(nextActiveIndex('a', 0, 3, 10)).toBeNull();
    expect(nextActiveIndex('ArrowDown', 0, 0, 10)).toBeNull();
    expect(nextActiveIndex('ArrowDown', 7, 3, 10)).toBe(2);
  });
});
