import path from 'node:path';
import { validateSettings } from '../shared/settings-validation';
import { createAppCore } from '../main/app-core';
import { authConfigFrom } from '../main/auth/config';
import type { Servers } from '../main/auth/session';
import type { SessionFiles } from '../main/auth/session-files';
import { createSystemBrowserAgent } from '../main/auth/system-browser-agent';
import { AppFailure } from '../main/errors';
import type { Logger } from '../main/log';
import { notSignedInTo, signedInElsewhere } from '../main/messages';
import type { Keychain } from '../main/secrets/keychain';
import { lockRow, locksCsv } from '../shared/lock-csv';
import { PRODUCTION_SETTINGS } from '../main/settings/defaults';
import { memorySettingsStore } from '../main/settings/settings-store';
import { defaultProfileDir, SNAPSHOT_FILE_NAME } from '../main/snapshot/profile-dir';
import { runGrants, runLogs } from './access-commands';
import { runWriteCommand } from './write-commands';
import { parseCliArgs, USAGE, UsageError } from './args';
import { runCached } from './cached-commands';
import { locksText, ownersText } from './list-text';
import { terminalText } from './terminal-text';

/** What the CLI needs from the world; index.ts wires the real ones, tests wire a real sandbox and keychain. */
export interface CliDeps {
  env: NodeJS.ProcessEnv;
  stdout(text: string): void;
  stderr(text: string): void;
  keychain: Keychain;
  /** Opens the authorization URL in the user's browser. */
  openBrowser(url: string): Promise<void>;
  log: Logger;
  version: string;
  /** The files of the keychain entry shared with the app: the session lock, the renewal journal, the marker. */
  sessionFiles: SessionFiles;
  /**
   * Asks the person at the terminal a yes/no question (on stderr, so stdout stays one document); absent when
   * there is no terminal, and then a change without --yes is refused.
   */
  confirm?: ((question: string) => Promise<boolean>) | undefined;
}

const oneLine = (s: string) => s.replace(/\s+/g, ' ').trim();

/** Names a sign-in's servers for a person, adding the client and API only where they differ from `other`. */
function describeServers(s: Servers, other: Servers): string {
  const extra = [
    ...(s.clientId !== other.clientId ? [`client ${s.clientId}`] : []),
    ...(s.apiBaseUrl !== other.apiBaseUrl ? [`API ${s.apiBaseUrl}`] : []),
  ];
  return extra.length ? `${s.issuer} (${extra.join(', ')})` : s.issuer;
}

/** Runs one CLI command; returns the exit code. Errors become one line on stderr, never a stack trace. */
export async function runCli(argv: string[], raw: CliDeps): Promise<number> {
  let args;
  const deps = { ...raw, stderr: (s: string) => raw.stderr(terminalText(s)) };
  try {
    args = parseCliArgs(argv, deps.env);
  } catch (e) {
    if (e instanceof UsageError) {
      deps.stderr(`tapkey-locks: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
  // Text for people shows server-given control characters as escapes; JSON and CSV are data, written exactly.
  if (!args.json && !args.csv) deps.stdout = (s) => raw.stdout(terminalText(s));
  if (args.command === 'help') {
    deps.stdout(`${USAGE}\n`);
    return 0;
  }
  const settings = {
    ...PRODUCTION_SETTINGS,
    ...args.servers,
    signInMode: 'system-browser' as const,
    accessData: args.access,
    ...(args.manage ? { manageAccess: true } : {}),
  };
  const problems = Object.values(validateSettings(settings));
  if (problems.length) {
    deps.stderr(`tapkey-locks: ${problems[0]}\n`);
    return 2;
  }

  const openExternal = args.noBrowser
    ? async (url: string) => {
        deps.stderr(`${url}\n`);
      }
    : deps.openBrowser;
  const core = createAppCore({
    appInfo: { name: 'Tapkey Locks CLI', version: deps.version },
    log: deps.log,
    settings: memorySettingsStore(settings),
    keychain: deps.keychain,
    sessionFiles: deps.sessionFiles,
    userAgents: { 'system-browser': createSystemBrowserAgent({ openExternal, log: deps.log }) },
    writes: { source: 'cli' },
    // The app's snapshot, read for --cached only: the command line never writes it.
    snapshot: { file: path.join(defaultProfileDir(deps.env), SNAPSHOT_FILE_NAME), write: false },
  });
  const commands = core.commands;
  const print = (json: unknown, text: string) =>
    deps.stdout(args.json ? `${JSON.stringify(json, null, 2)}\n` : text);
  try {
    // A sign-out never refreshes first: minting a refresh token only to revoke it leaves one more to outlive a
    // failed revocation.
    // --cached sends nothing anywhere, a renewal included.
    await core.start(args.command === 'logout' || args.cached ? { renewStale: false } : {});
    const state = commands.state();
    const signedIn = state.status === 'signed-in';
    // The stored sign-in belongs to other servers: say so, send nothing, and leave it alone (`login` replaces it).
    const elsewhere = commands.storedElsewhere();
    if (elsewhere && args.command !== 'login') {
      const wanted = authConfigFrom(settings);
      deps.stderr(
        `tapkey-locks: ${signedInElsewhere(describeServers(elsewhere, wanted), describeServers(wanted, elsewhere))}\n`,
      );
      return 1;
    }
    const requireSignIn = () => {
      if (state.status === 'expired') throw new AppFailure('session-expired', state.reason);
      if (!signedIn) throw new AppFailure('not-signed-in', notSignedInTo(settings.issuer));
    };

    if (args.cached) {
      requireSignIn();
      return runCached(await core.snapshot.current(), args, deps);
    }
    switch (args.command) {
      case 'status': {
        const remembered = state.status === 'signed-in' ? state.remembered : false;
        const account = state.status === 'signed-in' ? state.account : undefined;
        const as = account ? ` as ${account}` : '';
        print(
          {
            signedIn,
            status: state.status,
            issuer: settings.issuer,
            clientId: settings.clientId,
            remembered,
            ...(account ? { account } : {}),
          },
          signedIn
            ? `Signed in to ${settings.issuer}${as}.\n`
            : `Not signed in to ${settings.issuer}.\n`,
        );
        // Why not (expired, or a keychain problem) goes to stderr, so scripts see it without parsing stdout.
        const reason =
          state.status === 'expired'
            ? state.reason
            : state.status === 'signed-out'
              ? state.reason
              : undefined;
        if (reason) deps.stderr(`tapkey-locks: ${oneLine(reason)}\n`);
        return signedIn ? 0 : 1;
      }
      case 'login': {
        if (signedIn && (args.access || args.manage)) {
          const flag = args.manage ? '--manage' : '--access';
          throw new AppFailure(
            'invalid-payload',
            `Already signed in to ${settings.issuer}; to add ${args.manage ? 'access management' : 'access data'}, run \`tapkey-locks logout\`, then \`tapkey-locks login ${flag}\`.`,
          );
        }
        if (signedIn) {
          // Nothing was done, so a script must not read it as a sign-in: exit 1, the reason on stderr.
          if (args.json)
            print({ signedIn: true, issuer: settings.issuer, alreadySignedIn: true }, '');
          deps.stderr(
            `tapkey-locks: Already signed in to ${settings.issuer}; run \`tapkey-locks logout\` to switch accounts.\n`,
          );
          return 1;
        }
        if (!args.noBrowser) deps.stderr('Opening your browser to sign in…\n');
        const after = await commands.signIn();
        // Refused scopes: asking again cannot help; the OAuth client's permissions in the portal must change.
        if (after.status === 'error' && after.code === 'scope-refused')
          throw new AppFailure(
            'scope-refused',
            `${after.message}${args.access ? ' Without them, `tapkey-locks login` (no --access) signs in for locks only.' : ''}`,
          );
        if (after.status !== 'signed-in') {
          const why =
            after.status === 'error'
              ? after.message
              : after.status === 'signed-out' || after.status === 'expired'
                ? (after.reason ?? 'sign-in did not complete')
                : after.status;
          throw new AppFailure('sign-in-failed', why);
        }
        const note = after.remembered
          ? ''
          : ` ${after.notice ?? 'The sign-in will not be remembered.'}`;
        print(
          { signedIn: true, issuer: settings.issuer, remembered: after.remembered },
          `Signed in to ${settings.issuer}.${note}\n`,
        );
        return 0;
      }
      case 'logout': {
        const { state: after, result } = await commands.signOut();
        // RFC 7009 §2.2: only a 200 from the revocation endpoint means the server revoked the sign-in.
        const serverTold = result?.revocation === 'revoked';
        // Not removed, or removed while a renewal may store a new one and not recorded: it may be used again.
        if (result && (!result.forgotten || !result.remembered)) {
          deps.stderr(
            `tapkey-locks: ${oneLine(after.status === 'signed-out' && after.reason ? after.reason : 'The saved sign-in could not be removed.')}\n`,
          );
          return 1;
        }
        const reason = after.status === 'signed-out' ? after.reason : undefined;
        print(
          { signedIn: false, serverTold, revocation: result?.revocation ?? null },
          `${reason ?? 'Signed out.'}\n`,
        );
        return 0;
      }
      case 'owners': {
        requireSignIn();
        const { accounts, invalid } = await commands.listOwnerAccounts();
        print({ accounts, invalid }, ownersText(accounts));
        if (invalid.length)
          deps.stderr(`tapkey-locks: ${invalid.length} owner account(s) could not be read.\n`);
        return invalid.length ? 1 : 0;
      }
      case 'grants':
        requireSignIn();
        return await runGrants(commands, args, deps);
      case 'logs':
        requireSignIn();
        return await runLogs(commands, args, deps);
      case 'grant':
      case 'revoke':
      case 'offboard':
      case 'people':
      case 'journal':
        // The journal is this computer's file: it can be read signed out (lost answers are then not looked up).
        if (args.command !== 'journal') requireSignIn();
        return await runWriteCommand(commands, args, deps);
      case 'locks': {
        requireSignIn();
        const { accounts } = await commands.listOwnerAccounts();
        const chosen = args.owner ? accounts.filter((a) => a.id === args.owner) : accounts;
        if (args.owner && chosen.length === 0)
          throw new AppFailure('not-found', `No owner account with id ${args.owner}.`);
        const results = await Promise.all(
          chosen.map((owner) =>
            commands.listBoundLocks(owner.id).then(
              (page) => ({ owner, page, error: null as AppFailure | null }),
              (e: unknown) => ({
                owner,
                page: null,
                error:
                  e instanceof AppFailure
                    ? e
                    : new AppFailure('internal', 'Loading these locks failed.'),
              }),
            ),
          ),
        );
        const rows = results.flatMap((r) =>
          r.page ? r.page.locks.map((l) => lockRow(l, r.owner)) : [],
        );
        if (args.csv) {
          deps.stdout(locksCsv(rows));
        } else {
          print(
            {
              locks: rows,
              failed: results
                .filter((r) => r.error)
                .map((r) => ({
                  ownerAccountId: r.owner.id,
                  code: r.error!.code,
                  message: r.error!.message,
                })),
              invalid: results.flatMap((r) =>
                r.page ? r.page.invalid.map((i) => ({ ownerAccountId: r.owner.id, ...i })) : [],
              ),
            },
            locksText(rows),
          );
        }
        const failed = results.filter((r) => r.error);
        const invalid = results.reduce((n, r) => n + (r.page?.invalid.length ?? 0), 0);
        if (failed.length)
          deps.stderr(
            `tapkey-locks: locks of ${failed.length} owner account(s) could not be loaded: ${oneLine(failed[0]!.error!.message)}\n`,
          );
        else if (invalid) deps.stderr(`tapkey-locks: ${invalid} lock(s) could not be read.\n`);
        return failed.length || invalid ? 1 : 0;
      }
    }
  } catch (e) {
    const message =
      e instanceof AppFailure ? e.message : 'Something went wrong; details are in the log.';
    if (!(e instanceof AppFailure)) deps.log.error('cli command failed', { error: e });
    deps.stderr(`tapkey-locks: ${oneLine(message)}\n`);
    return 1;
  } finally {
    await core.dispose();
  }
}
