// Help → About lists every keyboard shortcut, each with its menu, from the table the menu and the page use.
import { render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ShortcutsHelp } from './shortcuts-help';

describe('the keyboard shortcuts help', () => {
  it('lists every command with its keys and menu, managing access included', () => {
    render(<ShortcutsHelp />);
    const table = screen.getByRole('table', { name: 'Keyboard shortcuts' });
    const rows = within(table)
      .getAllByRole('row')
      .slice(1)
      .map((r) =>
        within(r)
          .getAllByRole('cell')
          .map((c) => c.textContent),
      );
    expect(rows).toEqual([
      ['Find', 'Ctrl+F', 'View'],
      ['Refresh', 'Ctrl+R', 'View'],
      ['Export…', 'Ctrl+E', 'File'],
      ['Settings…', 'Ctrl+,', 'File (app menu on macOS)'],
      ['Give access…', 'Ctrl+N', 'Access'],
      ['Locks', 'Ctrl+1', 'Access'],
      ['People', 'Ctrl+3', 'Access'],
      ['Journal', 'Ctrl+4', 'Access'],
    ]);
  });
});
