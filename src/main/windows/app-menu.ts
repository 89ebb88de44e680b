import type { MenuItemConstructorOptions } from 'electron';
import type { HelpTopic } from '../../shared/contract';
import type { MenuCommand } from '../../shared/model';
import { acceleratorOf } from '../../shared/shortcuts';

/** What the menu needs to know and do; index.ts passes Electron's facts and the senders. */
export interface AppMenuOptions {
  appName: string;
  platform: NodeJS.Platform;
  /** Development builds add Reload and the developer tools; a packaged build never shows them. */
  development: boolean;
  /** Asks the page to act (find, refresh, settings, export, sign-out, about): the page owns that state. */
  send(command: MenuCommand): void;
  /** Opens one of the fixed help pages. */
  openHelp(topic: HelpTopic): void;
}

/**
 * The application menu as a template: standard roles for editing and quitting, accelerators that match the page's
 * own keyboard shortcuts, Settings in the app menu on macOS (in File elsewhere), developer items only in development.
 */
export function appMenuTemplate(o: AppMenuOptions): MenuItemConstructorOptions[] {
  const mac = o.platform === 'darwin';
  // Accelerators come from the one shortcut table the page also handles and Help → About lists.
  const item = (label: string, command: MenuCommand): MenuItemConstructorOptions => {
    const accelerator = acceleratorOf(command);
    return { label, ...(accelerator ? { accelerator } : {}), click: () => o.send(command) };
  };
  const settings = item('Settings…', 'settings');
  const about = item(`About ${o.appName}`, 'about');

  const template: MenuItemConstructorOptions[] = [];
  if (mac) {
    template.push({
      label: o.appName,
      submenu: [
        about,
        { type: 'separator' },
        settings,
        { type: 'separator' },
        { role: 'services' },
        { type: 'separator' },
        { role: 'hide' },
        { role: 'hideOthers' },
        { role: 'unhide' },
        { type: 'separator' },
        { role: 'quit' },
      ],
    });
  }
  template.push({
    label: mac ? 'File' : '&File',
    submenu: [
      item('Export…', 'export'),
      { type: 'separator' },
      ...(mac ? [] : [settings, { type: 'separator' } as const]),
      item('Sign out', 'sign-out'),
      ...(mac ? [] : [{ type: 'separator' } as const, { role: 'quit' } as const]),
    ],
  });
  // Managing access: Give access… is a "new" action (Ctrl/Cmd+N); taking access away starts from a key or a
  // person in the views, never from a shortcut.
  template.push({
    label: mac ? 'Access' : '&Access',
    submenu: [
      item('Give access…', 'give-access'),
      { type: 'separator' },
      item('Locks', 'view-locks'),
      item('People', 'view-people'),
      item('Journal', 'view-journal'),
    ],
  });
  template.push({
    label: mac ? 'Edit' : '&Edit',
    submenu: [
      { role: 'undo' },
      { role: 'redo' },
      { type: 'separator' },
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      { role: 'selectAll' },
    ],
  });
  template.push({
    label: mac ? 'View' : '&View',
    submenu: [
      item('Find', 'find'),
      item('Refresh', 'refresh'),
      // Ctrl+R is Refresh (reload the data), so reloading the page itself moves to Shift.
      ...(o.development
        ? [
            { type: 'separator' } as const,
            { role: 'reload', accelerator: 'CmdOrCtrl+Shift+R' } as const,
            { role: 'toggleDevTools' } as const,
          ]
        : []),
      { type: 'separator' },
      { role: 'togglefullscreen' },
    ],
  });
  if (mac) template.push({ role: 'windowMenu' });
  template.push({
    label: mac ? 'Help' : '&Help',
    role: 'help',
    submenu: [
      { label: 'Tapkey Portal', click: () => o.openHelp('tapkey-portal') },
      ...(mac ? [] : [{ type: 'separator' } as const, about]),
    ],
  });
  return template;
}
