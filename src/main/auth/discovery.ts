import { z } from 'zod';
import { isLoopbackUrl } from '../../shared/settings-validation';
import { AppFailure } from '../errors';
import type { Logger } from '../log';
import { NoAnswer, type AuthHttp, type NoAnswerReason } from './http';

/** The endpoints and capabilities of an authorization server, from discovery or the app's pinned table. */
export interface ServerMetadata {
  issuer: string;
  authorizationEndpoint: string;
  tokenEndpoint: string;
  /** Present only when the server advertises RFC 7009 revocation (or the pinned table names it). */
  revocationEndpoint?: string;
  /** RFC 9207: the server puts `iss` on every authorization response, so a missing one is an attack. */
  issParameterSupported: boolean;
  /** False when discovery was unreachable and the pinned endpoints of a known issuer are used instead. */
  fromDiscovery: boolean;
}

/** An issuer whose endpoints the app knows, used only when its discovery document cannot be reached. */
export type PinnedIssuer = Omit<ServerMetadata, 'fromDiscovery'> & { revocationEndpoint: string };

function pinned(issuer: string): PinnedIssuer {
  return {
    issuer,
    authorizationEndpoint: `${issuer}/connect/authorize`,
    tokenEndpoint: `${issuer}/connect/token`,
    revocationEndpoint: `${issuer}/connect/revocation`,
    // Tapkey does not document RFC 9207; `iss` is still checked whenever a response carries it.
    issParameterSupported: false,
  };
}

/**
 * Tapkey production and Tapkey's own sandbox (see the Tapkey API sheet): the only servers whose endpoints the
 * app may assume. Any other issuer must answer discovery, since a guessed endpoint could receive a refresh token.
 */
export const KNOWN_ISSUERS: readonly PinnedIssuer[] = [
  pinned('https://login.tapkey.com'),
  pinned('https://login.sandbox.tapkey.io'),
];

const discoverySchema = z.looseObject({
  issuer: z.string(),
  authorization_endpoint: z.string(),
  token_endpoint: z.string(),
  revocation_endpoint: z.string().optional(),
  authorization_response_iss_parameter_supported: z.boolean().optional(),
  code_challenge_methods_supported: z.array(z.string()).optional(),
});

/** The discovery document cannot be used (404, not JSON, missing or insecure endpoints): never a reason to guess. */
const unusable = (issuer: string, why: string, cause?: unknown) =>
  new AppFailure(
    'discovery-failed',
    `The sign-in server ${issuer} sent no usable configuration (${why}). Check the authorization server in Settings.`,
    {},
    { cause },
  );

function secureEndpoint(issuer: string, value: string, what: string): string {
  let u: URL;
  try {
    u = new URL(value);
  } catch (e) {
    throw unusable(issuer, `its ${what} is not an address`, e);
  }
  if (u.protocol !== 'https:' && !(u.protocol === 'http:' && isLoopbackUrl(u)))
    throw unusable(issuer, `its ${what} is not https`);
  return u.toString();
}

/**
 * Validates an OpenID discovery document for `issuer`. The issuer inside must be identical, character for
 * character (RFC 8414 §3.3, RFC 9207 §2.4), so a document cannot send us to another server; and PKCE S256 must
 * be advertised (RFC 8414 §2: no `code_challenge_methods_supported` means no PKCE). Throws AppFailure
 * 'issuer-mismatch', 'pkce-unsupported' or 'discovery-failed'.
 */
export function parseDiscovery(issuer: string, body: unknown): ServerMetadata {
  const parsed = discoverySchema.safeParse(body);
  if (!parsed.success) throw unusable(issuer, 'a required field is missing');
  const doc = parsed.data;
  if (doc.issuer !== issuer) {
    throw new AppFailure(
      'issuer-mismatch',
      `The sign-in server at ${issuer} says its address is ${doc.issuer}; the two must be identical. If you trust it, enter ${doc.issuer} as the authorization server in Settings.`,
    );
  }
  if (!doc.code_challenge_methods_supported?.includes('S256')) {
    throw new AppFailure(
      'pkce-unsupported',
      `The sign-in server ${issuer} does not offer PKCE with S256, which the app requires to sign in safely.`,
    );
  }
  let revocationEndpoint: string | undefined;
  try {
    // Stryker disable next-line StringLiteral: names the endpoint only in an error the catch below drops (an unusable revocation endpoint is not used, which the tests assert).
    revocationEndpoint = doc.revocation_endpoint
      ? secureEndpoint(issuer, doc.revocation_endpoint, 'revocation endpoint')
      : undefined;
  } catch {
    // Sign-out still forgets the token locally; an insecure revocation endpoint is simply not used (it stays undefined).
  }
  return {
    issuer: doc.issuer,
    authorizationEndpoint: secureEndpoint(
      issuer,
      doc.authorization_endpoint,
      'authorization endpoint',
    ),
    tokenEndpoint: secureEndpoint(issuer, doc.token_endpoint, 'token endpoint'),
    ...(revocationEndpoint ? { revocationEndpoint } : {}),
    issParameterSupported: doc.authorization_response_iss_parameter_supported === true,
    fromDiscovery: true,
  };
}

/** Options for discover(); tests replace the table of pinned issuers. */
export interface DiscoverOptions {
  knownIssuers?: readonly PinnedIssuer[];
}

const NO_ANSWER_WORDS: Record<NoAnswerReason, string> = {
  refused: 'connection refused',
  'not-found': 'name not found',
  timeout: 'no answer in time',
  cancelled: 'cancelled',
  network: 'connection lost',
};

/** Why discovery did not answer, when the cause is one that proves nothing about the server's configuration. */
type Unreachable = { reason: string };

/**
 * Reads `{issuer}/.well-known/openid-configuration` and validates it with parseDiscovery. Only when the server
 * is unreachable (connection error, timeout, 5xx) are the pinned endpoints of a known issuer used; for any
 * other issuer that is an AppFailure 'discovery-failed', as is a 404 or an unusable document.
 */
export async function discover(
  http: AuthHttp,
  issuer: string,
  log: Logger,
  signal?: AbortSignal,
  options: DiscoverOptions = {},
): Promise<ServerMetadata> {
  const url = `${issuer}/.well-known/openid-configuration`;
  let unreachable: Unreachable;
  try {
    const res = await http.get(url, signal);
    if (res.status === 200) {
      if ('unreadable' in res.body) {
        if (res.body.unreadable === 'too-large') throw unusable(issuer, 'larger than 1 MB');
        // Cut off mid-body: the connection failed, which says nothing about the server's configuration.
        unreachable = { reason: 'answer cut off' };
      } else {
        let body: unknown;
        try {
          body = JSON.parse(res.body.text) as unknown;
        } catch (e) {
          throw unusable(issuer, 'not JSON', e);
        }
        return parseDiscovery(issuer, body);
      }
    } else if (res.status < 500) throw unusable(issuer, `HTTP ${res.status}`);
    else unreachable = { reason: `HTTP ${res.status}` };
  } catch (e) {
    if (signal?.aborted)
      throw new AppFailure('cancelled', 'The request was cancelled.', {}, { cause: e });
    if (e instanceof AppFailure) {
      // `errorCode`, not `code`: the logger redacts every field named code (it could be an authorization code).
      log.warn('discovery refused', { issuer, errorCode: e.code });
      throw e;
    }
    unreachable = { reason: e instanceof NoAnswer ? NO_ANSWER_WORDS[e.reason] : 'error' };
  }
  const known = (options.knownIssuers ?? KNOWN_ISSUERS).find((k) => k.issuer === issuer);
  if (!known) {
    log.warn('discovery unreachable', { issuer, reason: unreachable.reason });
    throw new AppFailure(
      'discovery-failed',
      `Could not reach the sign-in server ${issuer} (${unreachable.reason}). Check your connection and the authorization server in Settings.`,
    );
  }
  log.warn('discovery unreachable; using the pinned endpoints', {
    issuer,
    reason: unreachable.reason,
  });
  return { ...known, fromDiscovery: false };
}
