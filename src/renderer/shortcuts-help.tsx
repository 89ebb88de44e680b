import { SHORTCUTS } from '../shared/shortcuts';
import { ColumnHeads } from './ui/column-heads';

const mac = typeof navigator !== 'undefined' && /Mac/.test(navigator.platform);

/** The keyboard shortcuts as a table (Help → About): keys as this platform names them, and the menu of each. */
export function ShortcutsHelp() {
  return (
    <table className="shortcuts-help" data-testid="shortcuts-help">
      <caption>Keyboard shortcuts</caption>
      <ColumnHeads columns={['Command', 'Keys', 'Menu']} />
      <tbody>
        {SHORTCUTS.map((s) => (
          <tr key={s.command}>
            <td>{s.label}</td>
            <td>
              <kbd aria-label={mac ? `Command ${s.key}` : `Control ${s.key}`}>
                {mac ? `⌘${s.key}` : `Ctrl+${s.key}`}
              </kbd>
            </td>
            <td>{s.menu}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
