import type { Logger } from '../log';
import type { ServerMetadata } from './discovery';
import type { RenewalJournal } from './renewal-journal';
import type { SessionLock } from './session-lock';
import type { SignedOutMarker } from './signed-out-marker';
import type { TokenClient } from './token-client';
import type { TokenStore } from './token-store';

/**
 * What acting on the stored sign-in needs, renewing it or forgetting it alike: the keychain entry with its lock,
 * renewal journal and signed-out marker, and the authorization server's endpoints.
 */
export interface StoredSessionParts {
  store: TokenStore;
  lock: SessionLock;
  journal: RenewalJournal;
  marker: SignedOutMarker;
  tokenClient: TokenClient;
  metadata: (issuer: string, signal?: AbortSignal) => Promise<ServerMetadata>;
  log: Logger;
}
