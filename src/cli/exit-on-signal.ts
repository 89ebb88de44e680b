// Ctrl+C and SIGTERM for the CLI. By default Node dies at once, which is right unless a renewal of the sign-in is
// in flight: the refresh token may already be rotated at the server, and its successor is only in the answer on
// its way. Then the command waits for that answer to be stored (within a bound), and a second signal stops it at
// once (the renewal journal then makes the next command say the renewal was interrupted, never redeem it again).

/** What the handler needs from the process; index.ts wires the real one, tests an event emitter. */
export interface SignalDeps {
  process: Pick<NodeJS.Process, 'on' | 'off'>;
  stderr(text: string): void;
  exit(code: number): void;
  /** How many renewals are in flight (renewals-in-flight.ts). */
  renewalsInFlight(): number;
  /** Resolves when they have settled, false when `timeoutMs` passed first. */
  renewalsSettled(timeoutMs: number): Promise<boolean>;
  /** The longest wait for a renewal (default 90 s: the token request's 60 s deadline and keychain writes). */
  waitMs?: number;
}

const EXIT_CODES = { SIGINT: 130, SIGTERM: 143 } as const;

/** Installs SIGINT / SIGTERM handlers; returns a disposer that removes exactly them. */
export function exitOnSignals(deps: SignalDeps): () => void {
  let waiting = false;
  const handler = (signal: 'SIGINT' | 'SIGTERM') => {
    const code = EXIT_CODES[signal];
    if (waiting || deps.renewalsInFlight() === 0) {
      deps.exit(code);
      return;
    }
    waiting = true;
    deps.stderr(
      'tapkey-locks: waiting for the renewal of your sign-in to be saved, so it is not lost (press Ctrl+C again to stop now)\n',
    );
    void deps.renewalsSettled(deps.waitMs ?? 90_000).then((settled) => {
      if (!settled)
        deps.stderr(
          'tapkey-locks: the renewal did not finish in time; you may need to sign in again\n',
        );
      deps.exit(code);
    });
  };
  const onInt = () => handler('SIGINT');
  const onTerm = () => handler('SIGTERM');
  deps.process.on('SIGINT', onInt);
  deps.process.on('SIGTERM', onTerm);
  return () => {
    deps.process.off('SIGINT', onInt);
    deps.process.off('SIGTERM', onTerm);
  };
}
