import type { Got } from 'got';
import { z } from 'zod';
import { isLoopbackUrl } from '../../shared/settings-validation';
import type { Logger } from '../log';
import { normalizeIssuer } from './config';

/** The endpoints and capabilities of an authorization server, from discovery or the documented fallback. */
export interface ServerMetadata {
  issuer: string;
  authorizationEndpoint: string;
  tokenEndpoint: string;
  /** Present only when the server advertises RFC 7009 revocation. */
  revocationEndpoint?: string;
  /** RFC 9207: the server puts `iss` on every authorization response, so a missing one is an attack. */
  issParameterSupported: boolean;
  /** False when discovery failed and Tapkey's documented `/connect/*` paths are used instead. */
  fromDiscovery: boolean;
}

const discoverySchema = z.looseObject({
  issuer: z.string(),
  authorization_endpoint: z.string(),
  token_endpoint: z.string(),
  revocation_endpoint: z.string().optional(),
  authorization_response_iss_parameter_supported: z.boolean().optional(),
  code_challenge_methods_supported: z.array(z.string()).optional(),
});

/** Tapkey's documented endpoints, used when discovery is unreachable or unreadable. */
export function fallbackMetadata(issuer: string): ServerMetadata {
  const base = normalizeIssuer(issuer);
  return {
    issuer: base,
    authorizationEndpoint: `${base}/connect/authorize`,
    tokenEndpoint: `${base}/connect/token`,
    issParameterSupported: false,
    fromDiscovery: false,
  };
}

function secureEndpoint(value: string, what: string): string {
  const u = new URL(value);
  if (u.protocol !== 'https:' && !(u.protocol === 'http:' && isLoopbackUrl(u))) throw new Error(`${what} is not https`);
  return u.toString();
}

/**
 * Validates an OpenID discovery document for `issuer` (RFC 8414 §3.3: the issuer inside must be identical,
 * so a document cannot redirect us to another server). Throws on anything unusable.
 */
export function parseDiscovery(issuer: string, body: unknown): ServerMetadata {
  const doc = discoverySchema.parse(body);
  const expected = normalizeIssuer(issuer);
  if (normalizeIssuer(doc.issuer) !== expected) throw new Error(`discovery issuer ${doc.issuer} differs from ${expected}`);
  const methods = doc.code_challenge_methods_supported;
  if (methods && !methods.includes('S256')) throw new Error('server does not support PKCE S256');
  let revocationEndpoint: string | undefined;
  try {
    revocationEndpoint = doc.revocation_endpoint ? secureEndpoint(doc.revocation_endpoint, 'revocation endpoint') : undefined;
  } catch {
    revocationEndpoint = undefined;
  }
  return {
    issuer: expected,
    authorizationEndpoint: secureEndpoint(doc.authorization_endpoint, 'authorization endpoint'),
    tokenEndpoint: secureEndpoint(doc.token_endpoint, 'token endpoint'),
    ...(revocationEndpoint ? { revocationEndpoint } : {}),
    issParameterSupported: doc.authorization_response_iss_parameter_supported === true,
    fromDiscovery: true,
  };
}

/** Reads `{issuer}/.well-known/openid-configuration`; falls back to `/connect/*` when that fails. */
export async function discover(http: Got, issuer: string, log: Logger, signal?: AbortSignal): Promise<ServerMetadata> {
  const url = `${normalizeIssuer(issuer)}/.well-known/openid-configuration`;
  try {
    const res = await http.get(url, { ...(signal ? { signal } : {}) });
    if (res.statusCode !== 200) throw new Error(`HTTP ${res.statusCode}`);
    return parseDiscovery(issuer, JSON.parse(res.body) as unknown);
  } catch (e) {
    if (signal?.aborted) throw e;
    log.warn('discovery failed, using the documented /connect endpoints', { issuer, error: e });
    return fallbackMetadata(issuer);
  }
}
