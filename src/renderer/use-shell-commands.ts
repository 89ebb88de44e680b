import { useCallback, useEffect } from 'react';
import type { MenuCommand } from '../shared/model';
import { useTapkeyApi } from './api-context';
import type { CommandBus } from './app-commands';
import { shortcutCommand } from './shortcuts';

const mac = typeof navigator !== 'undefined' && /Mac/.test(navigator.platform);

interface Options {
  bus: CommandBus;
  /** A session can call Tapkey: Find, Refresh, Export and Sign out apply. */
  live: boolean;
  /** A sheet is open: the page below is inert, and only the sheet's own keys apply. */
  sheetOpen: boolean;
  openSheet(sheet: 'settings' | 'about'): void;
  signOut(): void;
  runExport(): void;
}

/** Carries out menu commands, the same commands from keyboard shortcuts, and toolbar requests for them. */
export function useShellCommands({ bus, live, sheetOpen, openSheet, signOut, runExport }: Options) {
  const api = useTapkeyApi();
  const command = useCallback(
    (c: MenuCommand) => {
      switch (c) {
        case 'settings':
        case 'about':
          openSheet(c);
          return;
        case 'sign-out':
          if (live) signOut();
          return;
        case 'find':
          if (!live) return;
          // The screen may focus its own search box; otherwise the shell focuses the first one on the page.
          if (bus.run('find') === undefined)
            document
              .querySelector<HTMLElement>('input[type="search"], [role="searchbox"]')
              ?.focus();
          return;
        case 'refresh':
          if (live) bus.run('refresh');
          return;
        case 'export':
          if (live) runExport();
          return;
        case 'give-access':
        case 'view-locks':
        case 'view-people':
        case 'view-journal':
          if (live) bus.run(c);
          return;
      }
    },
    [live, bus, openSheet, signOut, runExport],
  );

  useEffect(() => api.onMenuCommand(command), [api, command]);
  useEffect(() => bus.serve(command), [bus, command]);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const c = shortcutCommand(e, mac);
      if (!c) return;
      // Ctrl+R would reload the page and Ctrl+F open the browser's find bar: the app's meaning wins.
      e.preventDefault();
      if (sheetOpen) return;
      command(c);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [command, sheetOpen]);
}
