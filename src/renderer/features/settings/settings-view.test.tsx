// The Settings sheet's states, each on its own: loading, unreadable settings, hints and inline problems, the
// sign-out warning, the discard prompt, saving and a refused save. Main is the fake of test/support/fake-main.
import { cleanup, screen, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { later, type Answers } from '../../../../test/support/fake-main';
import { expectRetryHeals, renderWithMain } from '../../../../test/support/render-with-main';
import { configured } from '../../../../test/support/sample-data';
import type { Settings } from '../../../shared/model';
import { fail, ok, type Result } from '../../../shared/result';
import { ACCESS_SCOPES } from '../../../shared/scopes';
import { SETTINGS_FIELDS } from '../../../shared/settings-fields';
import { SettingsSheet } from './settings-view';

function open(answers: Answers, signedIn = true, canWrite = false) {
  const onClose = vi.fn<(saved: Settings | null, signInAgain?: boolean) => void>();
  return {
    ...renderWithMain(
      <SettingsSheet signedIn={signedIn} canWrite={canWrite} onClose={onClose} />,
      answers,
    ),
    onClose,
  };
}
const stored = { 'settings:get': () => ok(configured) };
const field = (name: keyof typeof SETTINGS_FIELDS) =>
  screen.getByLabelText(SETTINGS_FIELDS[name].label);

describe('the Settings sheet', () => {
  it('shows only its actions until main answers, then the stored values with their hints', async () => {
    const answer = later<Result<Settings>>();
    open({ 'settings:get': () => answer.promise });
    expect(screen.getByRole('heading', { name: 'Settings' })).toBeTruthy();
    expect(screen.queryByLabelText('Client ID')).toBeNull();
    expect(screen.getByRole('button', { name: 'Save' }).hasAttribute('disabled')).toBe(true);
    answer.resolve(ok(configured));
    expect(((await screen.findByLabelText('Client ID')) as HTMLInputElement).value).toBe(
      configured.clientId,
    );
    for (const name of ['clientId', 'issuer', 'apiBaseUrl', 'redirectUri'] as const)
      expect(field(name).getAttribute('aria-describedby')).toBe(`${name}-hint`);
    expect(screen.getByText(SETTINGS_FIELDS.redirectUri.hint)).toBeTruthy();
    expect((screen.getByLabelText('In an app window') as HTMLInputElement).checked).toBe(true);
    // The permissions Access data needs, as the sign-in asks for them.
    const accessHint = document.getElementById('accessData-hint')!.textContent!;
    for (const scope of ACCESS_SCOPES) expect(accessHint).toContain(scope);
  });

  it('says when the settings cannot be read, and loads them on Retry', async () => {
    const shown = open({
      'settings:get': () => fail('internal', 'The profile folder cannot be read.'),
    });
    await expectRetryHeals(
      shown,
      { alert: true, says: 'Could not read your settings. The profile folder cannot be read.' },
      stored,
      () => screen.findByLabelText('Client ID'),
    );
  });

  it('shows a field’s problem once the user leaves it, with the same words main would use', async () => {
    const { user } = open(stored);
    const issuer = await screen.findByLabelText('Authorization server');
    await user.clear(issuer);
    await user.type(issuer, 'http://login.example.com');
    expect(screen.queryByTestId('issuer-error')).toBeNull();
    await user.tab();
    expect(screen.getByTestId('issuer-error').textContent).toBe(
      'Authorization server must use https:// (plain http is allowed only for 127.0.0.1 or localhost).',
    );
    expect(issuer.getAttribute('aria-invalid')).toBe('true');
    expect(issuer.getAttribute('aria-describedby')).toBe('issuer-hint issuer-error');
  });

  it('on Save with problems, shows them all, focuses the first and sends nothing', async () => {
    const { main, user } = open(stored);
    await user.clear(await screen.findByLabelText('Client ID'));
    await user.clear(field('redirectUri'));
    await user.type(field('redirectUri'), 'http://localhost:8111/callback');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(screen.getByTestId('clientId-error').textContent).toContain('Client ID is required');
    expect(screen.getByTestId('redirectUri-error').textContent).toContain('127.0.0.1 or [::1]');
    expect(document.activeElement).toBe(field('clientId'));
    expect(main.calls.map((c) => c.channel)).toEqual(['settings:get']);
  });

  it('warns that saving signs out only for another server or client, and only while signed in', async () => {
    const { user } = open(stored);
    const issuer = await screen.findByLabelText('Authorization server');
    await user.type(issuer, '/');
    await user.click(screen.getByLabelText('In my web browser'));
    expect(screen.queryByTestId('signs-out-warning')).toBeNull();
    await user.type(field('clientId'), '-2');
    expect(screen.getByTestId('signs-out-warning').textContent).toBe(
      'Saving these settings will sign you out.',
    );
  });

  it('does not warn about signing out while nobody is signed in', async () => {
    const { user } = open(stored, false);
    await user.type(await screen.findByLabelText('Client ID'), '-2');
    expect(screen.queryByTestId('signs-out-warning')).toBeNull();
  });

  it('says a new sign-in is needed when Access data is turned on while signed in', async () => {
    const { user } = open(stored);
    await user.click(await screen.findByLabelText('Access data'));
    expect(screen.getByTestId('access-data-note').textContent).toContain(
      'sign out and sign in again',
    );
  });

  it('closes at once without edits, and asks before discarding edits', async () => {
    const first = open(stored);
    await screen.findByLabelText('Client ID');
    await first.user.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(first.onClose).toHaveBeenCalledWith(null);
    first.onClose.mockClear();

    await first.user.click(screen.getByLabelText('Access data'));
    await first.user.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(first.onClose).not.toHaveBeenCalled();
    expect(screen.getByRole('heading', { name: 'Discard changes?' })).toBeTruthy();
    await first.user.click(screen.getByRole('button', { name: 'Keep editing' }));
    expect(screen.queryByTestId('discard-prompt')).toBeNull();
    expect((screen.getByLabelText('Access data') as HTMLInputElement).checked).toBe(true);
    await first.user.click(screen.getByRole('button', { name: 'Cancel' }));
    await first.user.click(screen.getByRole('button', { name: 'Discard' }));
    expect(first.onClose).toHaveBeenCalledWith(null);
  });

  it('saves through main, trimmed, and closes with what main stored', async () => {
    const saving = later<Result<Settings>>();
    const { main, onClose, user } = open({ ...stored, 'settings:set': () => saving.promise });
    await user.type(await screen.findByLabelText('Client ID'), '-2 ');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(screen.getByRole('button', { name: 'Saving…' }).hasAttribute('disabled')).toBe(true);
    expect(main.calls.at(-1)).toEqual({
      channel: 'settings:set',
      args: [{ ...configured, clientId: 'tapkey-locks-desktop-2' }],
    });
    saving.resolve(ok({ ...configured, clientId: 'tapkey-locks-desktop-2' }));
    await waitFor(() =>
      expect(onClose).toHaveBeenCalledWith(
        { ...configured, clientId: 'tapkey-locks-desktop-2' },
        false,
      ),
    );
  });

  it('turns Access data on with Manage access, says why a new sign-in is needed, and asks the shell for it', async () => {
    const withManage = { ...configured, accessData: true, manageAccess: true };
    const { main, onClose, user } = open({
      ...stored,
      'settings:set': () => ok(withManage),
    });
    const manage = await screen.findByLabelText('Manage access');
    expect(document.getElementById('manageAccess-hint')!.textContent).toContain(
      'write:grants and write:core:entities',
    );
    expect(screen.queryByTestId('manage-access-note')).toBeNull();
    await user.click(manage);
    expect((screen.getByLabelText('Access data') as HTMLInputElement).checked).toBe(true);
    expect(screen.getByTestId('manage-access-note').textContent).toContain(
      'Tapkey grants new permissions only at sign-in, so saving signs you out and takes you to Tapkey’s sign-in.',
    );
    // One note is enough: the Access data note would say the same in other words.
    expect(screen.queryByTestId('access-data-note')).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Save and sign in again' }));
    expect(main.calls.at(-1)).toEqual({ channel: 'settings:set', args: [withManage] });
    await waitFor(() => expect(onClose).toHaveBeenCalledWith(withManage, true));
  });

  it('turning Access data off turns Manage access off too', async () => {
    const { user } = open({
      'settings:get': () => ok({ ...configured, accessData: true, manageAccess: true }),
    });
    await user.click(await screen.findByLabelText('Access data'));
    expect((screen.getByLabelText('Manage access') as HTMLInputElement).checked).toBe(false);
  });

  it('needs no new sign-in for Manage access while signed out, or when the sign-in can already write', async () => {
    for (const [signedIn, canWrite] of [
      [false, false],
      [true, true],
    ] as const) {
      const { onClose, user } = open(
        { ...stored, 'settings:set': (s) => ok(s) },
        signedIn,
        canWrite,
      );
      await user.click(await screen.findByLabelText('Manage access'));
      expect(screen.queryByTestId('manage-access-note')).toBeNull();
      await user.click(screen.getByRole('button', { name: 'Save' }));
      await waitFor(() =>
        expect(onClose).toHaveBeenCalledWith(
          { ...configured, accessData: true, manageAccess: true },
          false,
        ),
      );
      cleanup();
    }
  });

  it('keeps what the user typed when main refuses to save, and says why', async () => {
    const { onClose, user } = open({
      ...stored,
      'settings:set': () => fail('internal', 'The settings file could not be written.'),
    });
    await user.click(await screen.findByLabelText('In my web browser'));
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect((await screen.findByTestId('save-error')).textContent).toBe(
      'Settings were not saved. The settings file could not be written.',
    );
    expect((screen.getByLabelText('In my web browser') as HTMLInputElement).checked).toBe(true);
    expect(onClose).not.toHaveBeenCalled();
  });
});
