// The shell's states without a journey: loading, first-run setup, signed out, signing in (and cancelling),
// signed in, an expired session over the greyed browse screen, signing out; and the menu's commands. Main is
// the fake of test/support/fake-main: pushes arrive as main's typed send delivers them.
import { act, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { later, type Answers } from '../../test/support/fake-main';
import { renderWithMain } from '../../test/support/render-with-main';
import { account, configured, lock, page } from '../../test/support/sample-data';
import { noChanges, readOnly } from '../../test/support/sample-writes';
import type { AppInfo, AuthState } from '../shared/model';
import { ok, type Result } from '../shared/result';
import { App } from './app';

const info: AppInfo = {
  name: 'Tapkey Locks',
  version: '1.2.3',
  issuer: 'https://login.tapkey.com',
  sandbox: false,
};
const office = account('owner-office', 'Office');
const signedIn: AuthState = { status: 'signed-in', remembered: true, account: 'alice@example.com' };

function start(state: AuthState, more: Answers = {}) {
  const { main, user } = renderWithMain(<App />, {
    'app:get-info': () => ok(info),
    'auth:get-state': () => ok(state),
    'settings:get': () => ok(configured),
    'tapkey:list-owner-accounts': () => ok({ accounts: [office], invalid: [] }),
    'tapkey:list-bound-locks': () =>
      ok(page('owner-office', [lock('owner-office', 'lock-1', 'Front door')])),
    'writes:get-capabilities': () => ok(readOnly),
    'writes:list-changes': () => ok(noChanges),
    ...more,
  });
  const push = (s: AuthState) => act(() => main.push('auth:state-changed', s));
  return { main, push, user };
}
const signInButton = () => screen.queryByRole('button', { name: 'Sign in with Tapkey' });

describe('the app shell', () => {
  it('says it is loading until main tells the auth state', async () => {
    const state = later<Result<AuthState>>();
    start({ status: 'signed-out' }, { 'auth:get-state': () => state.promise });
    expect(screen.getByText('Loading…')).toBeTruthy();
    state.resolve(ok({ status: 'signed-out' }));
    expect(await screen.findByRole('button', { name: 'Sign in with Tapkey' })).toBeTruthy();
  });

  it('starts a fresh install at the setup step, with the hints the Settings sheet shows', async () => {
    start({ status: 'signed-out' }, { 'settings:get': () => ok({ ...configured, clientId: '' }) });
    expect(await screen.findByRole('heading', { name: 'Set up Tapkey Locks' })).toBeTruthy();
    expect(screen.getByLabelText('Client ID').getAttribute('aria-describedby')).toBe(
      'setup-clientId-hint',
    );
    expect(signInButton()).toBeNull();
  });

  it('shows sign-in progress from main’s pushes, with Cancel and Show sign-in window, and the reason it ended', async () => {
    const { main, push, user } = start(
      { status: 'signed-out' },
      {
        'auth:sign-in': () => ok({ status: 'authorizing', mode: 'embedded' }),
        'auth:cancel-sign-in': () => ok({ status: 'signed-out' }),
        'auth:show-sign-in-window': () => ok(null),
      },
    );
    await user.click((await screen.findByRole('button', { name: 'Sign in with Tapkey' }))!);
    expect(screen.getByTestId('sign-in-progress').textContent).toContain(
      'Sign in to Tapkey in the window that opened.',
    );
    expect(signInButton()).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Show sign-in window' }));
    await user.click(screen.getByRole('button', { name: 'Cancel sign-in' }));
    expect(main.calls.map((c) => c.channel)).toEqual(
      expect.arrayContaining(['auth:sign-in', 'auth:show-sign-in-window', 'auth:cancel-sign-in']),
    );
    expect(signInButton()).toBeTruthy();

    push({ status: 'authorizing', mode: 'system-browser' });
    expect(screen.getByTestId('sign-in-progress').textContent).toContain(
      'Continue in your web browser',
    );
    expect(screen.queryByRole('button', { name: 'Show sign-in window' })).toBeNull();
    push({ status: 'exchanging' });
    expect(screen.getByTestId('sign-in-progress').textContent).toContain('Finishing sign-in…');
    push({ status: 'signed-out', reason: 'Tapkey refused the sign-in: access_denied.' });
    expect(screen.getByTestId('sign-in-problem').textContent).toBe(
      'Tapkey refused the sign-in: access_denied.',
    );
  });

  it('shows the browse screen when signed in, keeps it greyed when the session expires, and reloads it after', async () => {
    const { main, push, user } = start(signedIn, {
      'auth:sign-in': () => ok({ status: 'authorizing', mode: 'embedded' }),
    });
    expect((await screen.findByTestId('signed-in-as')).textContent).toBe(
      'Signed in as alice@example.com',
    );
    await screen.findByRole('heading', { name: 'Office' });
    const host = screen.getByTestId('browse-host');
    expect(host.hasAttribute('inert')).toBe(false);

    push({ status: 'expired', reason: 'Your sign-in has expired.' });
    expect(screen.getByTestId('session-expired').textContent).toContain(
      'The locks below are as last loaded and may be out of date.',
    );
    expect(screen.getByTestId('browse-host')).toBe(host);
    expect(host.hasAttribute('inert')).toBe(true);
    expect(host.getAttribute('aria-hidden')).toBe('true');
    expect(screen.getByRole('button', { name: 'Sign out' })).toBeTruthy();

    await user.click(screen.getByRole('button', { name: 'Sign in again' }));
    expect(screen.getByTestId('session-expired').textContent).toContain(
      'Sign in to Tapkey in the window that opened.',
    );
    const loadsBefore = main.calls.filter((c) => c.channel === 'tapkey:list-owner-accounts');
    push(signedIn);
    expect(screen.queryByTestId('session-expired')).toBeNull();
    expect(host.hasAttribute('inert')).toBe(false);
    await waitFor(() =>
      expect(main.calls.filter((c) => c.channel === 'tapkey:list-owner-accounts').length).toBe(
        loadsBefore.length + 1,
      ),
    );
  });

  it('leaves the browse screen for the sign-in screen when the user signs out', async () => {
    const { push, user } = start(signedIn, { 'auth:sign-out': () => ok({ status: 'signed-out' }) });
    await screen.findByRole('heading', { name: 'Office' });
    await user.click(screen.getByRole('button', { name: 'Sign out' }));
    expect(await screen.findByRole('button', { name: 'Sign in with Tapkey' })).toBeTruthy();
    expect(screen.queryByTestId('browse-host')).toBeNull();
    push({ status: 'expired', reason: 'x' });
    expect(screen.queryByTestId('browse-host')).toBeNull();
  });

  it('carries out the menu’s commands: Settings, About, Export… with its outcome', async () => {
    const { main, user } = start(signedIn, {
      'locks:export-csv': () =>
        ok({
          path: '/home/alice/Documents/locks.csv',
          fileName: 'locks.csv',
          rows: 1,
          unreadable: 0,
        }),
    });
    await screen.findByRole('heading', { name: 'Office' });
    await waitFor(() => expect(screen.getByTestId('locks-summary').textContent).toBe('1 lock'));
    act(() => main.push('menu:command', 'export'));
    expect((await screen.findByTestId('export-notice')).textContent).toBe(
      'Exported 1 lock to /home/alice/Documents/locks.csv.Dismiss',
    );
    expect(main.calls.find((c) => c.channel === 'locks:export-csv')?.args).toEqual([
      [{ ownerAccountId: 'owner-office', lockIds: ['lock-1'] }],
    ]);
    await user.click(screen.getByRole('button', { name: 'Dismiss' }));
    expect(screen.queryByTestId('export-notice')).toBeNull();

    act(() => main.push('menu:command', 'about'));
    expect(await screen.findByText(/1\.2\.3/)).toBeTruthy();
  });

  it('ignores commands that need a session while signed out', async () => {
    const { main } = start({ status: 'signed-out' });
    await screen.findByRole('button', { name: 'Sign in with Tapkey' });
    act(() => {
      main.push('menu:command', 'export');
      main.push('menu:command', 'refresh');
    });
    expect(main.calls.map((c) => c.channel)).not.toContain('locks:export-csv');
    expect(main.calls.map((c) => c.channel)).not.toContain('tapkey:list-owner-accounts');
  });
});
