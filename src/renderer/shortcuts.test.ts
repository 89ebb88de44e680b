import { describe, expect, it } from 'vitest';
import { shortcutCommand, type KeyPress } from './shortcuts';

const press = (key: string, mods: Partial<KeyPress> = {}): KeyPress => ({
  key,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  shiftKey: false,
  ...mods,
});

describe('shortcutCommand', () => {
  it('maps Ctrl+F, R, comma and E to the menu commands off macOS', () => {
    expect(shortcutCommand(press('f', { ctrlKey: true }), false)).toBe('find');
    expect(shortcutCommand(press('R', { ctrlKey: true }), false)).toBe('refresh');
    expect(shortcutCommand(press(',', { ctrlKey: true }), false)).toBe('settings');
    expect(shortcutCommand(press('e', { ctrlKey: true }), false)).toBe('export');
  });

  it('maps Ctrl+N to Give access… and Ctrl+1, 3 and 4 to the Locks, People and Journal views', () => {
    expect(shortcutCommand(press('n', { ctrlKey: true }), false)).toBe('give-access');
    expect(shortcutCommand(press('1', { ctrlKey: true }), false)).toBe('view-locks');
    expect(shortcutCommand(press('3', { ctrlKey: true }), false)).toBe('view-people');
    expect(shortcutCommand(press('4', { ctrlKey: true }), false)).toBe('view-journal');
    expect(shortcutCommand(press('n', { metaKey: true }), true)).toBe('give-access');
    expect(shortcutCommand(press('n'), false)).toBeNull();
  });

  it('uses Cmd on macOS, where Ctrl+F is a text-editing key', () => {
    expect(shortcutCommand(press('f', { metaKey: true }), true)).toBe('find');
    expect(shortcutCommand(press('f', { ctrlKey: true }), true)).toBeNull();
    expect(shortcutCommand(press('f', { metaKey: true }), false)).toBeNull();
  });

  it('leaves other keys and modifier combinations to the page', () => {
    expect(shortcutCommand(press('f'), false)).toBeNull();
    expect(shortcutCommand(press('r', { ctrlKey: true, shiftKey: true }), false)).toBeNull();
    expect(shortcutCommand(press('e', { ctrlKey: true, altKey: true }), false)).toBeNull();
    expect(shortcutCommand(press('c', { ctrlKey: true }), false)).toBeNull();
  });
});
