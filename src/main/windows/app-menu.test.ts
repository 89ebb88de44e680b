import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import type { HelpTopic } from '../../shared/contract';
import type { MenuCommand } from '../../shared/model';
import { SHORTCUTS } from '../../shared/shortcuts';
import { appMenuTemplate, type AppMenuOptions } from './app-menu';

function build(overrides: Partial<AppMenuOptions> = {}) {
  const sent: MenuCommand[] = [];
  const help: HelpTopic[] = [];
  const template = appMenuTemplate({
    appName: 'Tapkey Locks',
    platform: 'linux',
    development: false,
    send: (c) => sent.push(c),
    openHelp: (t) => help.push(t),
    ...overrides,
  });
  return { template, sent, help };
}

/** Every item of the menu, depth first. */
function items(template: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return template.flatMap((i) => [i, ...(Array.isArray(i.submenu) ? items(i.submenu) : [])]);
}
const byLabel = (t: MenuItemConstructorOptions[], label: string) =>
  items(t).find((i) => i.label === label);
const click = (i: MenuItemConstructorOptions | undefined) =>
  (i?.click as (() => void) | undefined)?.();
const menuLabels = (t: MenuItemConstructorOptions[]) => t.map((i) => i.label ?? i.role);

describe('appMenuTemplate', () => {
  it('gives every page action the accelerator the page also handles, and sends its command', () => {
    const { template, sent } = build();
    const expected: [string, string | undefined, MenuCommand][] = [
      ['Find', 'CmdOrCtrl+F', 'find'],
      ['Refresh', 'CmdOrCtrl+R', 'refresh'],
      ['Settings…', 'CmdOrCtrl+,', 'settings'],
      ['Export…', 'CmdOrCtrl+E', 'export'],
      ['Sign out', undefined, 'sign-out'],
      ['About Tapkey Locks', undefined, 'about'],
      ['Give access…', 'CmdOrCtrl+N', 'give-access'],
      ['Locks', 'CmdOrCtrl+1', 'view-locks'],
      ['People', 'CmdOrCtrl+3', 'view-people'],
      ['Journal', 'CmdOrCtrl+4', 'view-journal'],
    ];
    for (const [label, accelerator, command] of expected) {
      const i = byLabel(template, label);
      expect(i, label).toBeDefined();
      expect(i!.accelerator, label).toBe(accelerator);
      click(i);
      expect(sent.at(-1), label).toBe(command);
    }
  });

  it('has each shortcut the help lists, in the menu the help names, with that key', () => {
    for (const platform of ['linux', 'darwin'] as const) {
      const { template } = build({ platform });
      for (const s of SHORTCUTS) {
        const menu = template.find((m) => items([m]).some((i) => i.label === s.label && i !== m));
        const where =
          s.menu === 'File (app menu on macOS)'
            ? platform === 'darwin'
              ? 'Tapkey Locks'
              : 'File'
            : s.menu;
        expect(menu?.label?.replace('&', ''), `${platform}: ${s.label}`).toBe(where);
        expect(byLabel(template, s.label)!.accelerator).toBe(`CmdOrCtrl+${s.key}`);
      }
    }
  });

  it('uses the standard roles for editing and quitting', () => {
    const roles = items(build().template)
      .map((i) => i.role)
      .filter(Boolean);
    for (const role of ['undo', 'redo', 'cut', 'copy', 'paste', 'selectAll', 'quit'])
      expect(roles).toContain(role);
  });

  it('puts Settings, About and Quit in the app menu on macOS, and in File / Help elsewhere', () => {
    const mac = build({ platform: 'darwin' }).template;
    expect(menuLabels(mac)).toEqual([
      'Tapkey Locks',
      'File',
      'Access',
      'Edit',
      'View',
      'windowMenu',
      'Help',
    ]);
    const appMenu = mac[0]!.submenu as MenuItemConstructorOptions[];
    expect(appMenu.map((i) => i.label ?? i.role)).toEqual(
      expect.arrayContaining(['About Tapkey Locks', 'Settings…', 'quit']),
    );
    expect(items(mac.slice(1)).filter((i) => i.label === 'Settings…' || i.role === 'quit')).toEqual(
      [],
    );

    const linux = build({ platform: 'linux' }).template;
    expect(menuLabels(linux)).toEqual(['&File', '&Access', '&Edit', '&View', '&Help']);
    const file = linux[0]!.submenu as MenuItemConstructorOptions[];
    expect(file.map((i) => i.label ?? i.role).filter(Boolean)).toEqual([
      'Export…',
      'Settings…',
      'Sign out',
      'quit',
    ]);
    expect(
      byLabel(linux[4]!.submenu as MenuItemConstructorOptions[], 'About Tapkey Locks'),
    ).toBeDefined();
  });

  it('has reload and developer tools only in development, and no second Ctrl+R', () => {
    const roles = (development: boolean) =>
      items(build({ development }).template).map((i) => i.role);
    expect(roles(false)).not.toContain('reload');
    expect(roles(false)).not.toContain('toggleDevTools');
    expect(roles(true)).toEqual(expect.arrayContaining(['reload', 'toggleDevTools']));
    const accelerators = items(build({ development: true }).template)
      .map((i) => i.accelerator)
      .filter(Boolean);
    expect(new Set(accelerators).size).toBe(accelerators.length);
  });

  it('opens the Tapkey portal by topic, never by URL', () => {
    const { template, help } = build();
    click(byLabel(template, 'Tapkey Portal'));
    expect(help).toEqual(['tapkey-portal']);
  });
});
