import { AppFailure } from '../errors';
import type { Logger } from '../log';
import type { Servers } from '../auth/session';
import { createTapkeyClient, type TapkeyClient, type TapkeyTuning } from '../tapkey/client';
import type { AccessTokenSource } from '../tapkey/token-source';
import { SIGN_IN_TO_SEE_LOCKS } from './session-guard';

/** What the clients need of the session: its servers, its tokens, and when it ends. */
export interface SessionForClients extends AccessTokenSource {
  /** The servers the live sign-in belongs to (stored with it), or null when signed out. */
  readonly servers: Servers | null;
  /** A new signal per sign-in: tells one sign-in from the next even on the same servers. */
  readonly sessionSignal: AbortSignal;
  onSignedOut(listener: () => void): () => void;
}

/** The clients of the current sign-in. */
export interface Clients {
  /** The Tapkey Web API client of the live sign-in; throws not-signed-in without one. */
  tapkey(): TapkeyClient;
  /** Stops following the session. */
  dispose(): void;
}

const keyOf = (s: Servers) => JSON.stringify([s.issuer, s.clientId, s.apiBaseUrl]);

/**
 * Builds each client from the session's own servers (the issuer, client id and API base URL stored with the
 * sign-in), never from the current settings: a token goes only to the API it was issued for, whatever the
 * settings say meanwhile. A client lives for one sign-in: it is dropped when the session ends (sign-out,
 * expiry) or another sign-in takes its place, and with it everything it cached (contact and card labels).
 */
export function clientsFor(
  session: SessionForClients,
  options: { log: Logger; tuning?: TapkeyTuning | undefined },
): Clients {
  let current: { key: string; signal: AbortSignal; client: TapkeyClient } | null = null;
  const stop = session.onSignedOut(() => {
    current = null;
  });
  return {
    tapkey() {
      const servers = session.servers;
      if (!servers) throw new AppFailure('not-signed-in', SIGN_IN_TO_SEE_LOCKS);
      const key = keyOf(servers);
      const signal = session.sessionSignal;
      if (current?.key !== key || current.signal !== signal) {
        current = {
          key,
          signal,
          client: createTapkeyClient({
            ...options.tuning,
            apiBaseUrl: servers.apiBaseUrl,
            tokens: session,
            log: options.log,
          }),
        };
      }
      return current.client;
    },
    dispose() {
      stop();
      current = null;
    },
  };
}
