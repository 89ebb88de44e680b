import type { Got } from 'got';
import { z } from 'zod';
import { errorCodeForLog, type Logger } from '../log';
import { httpFailure, transportFailure, unreadableAnswer, type TokenPurpose } from './token-errors';

/** A token response, validated (RFC 6749 §5.1). */
export interface TokenResponse {
  accessToken: string;
  /** Seconds until the access token expires, when the server says. */
  expiresIn: number | undefined;
  refreshToken: string | undefined;
  scope: string | undefined;
  idToken: string | undefined;
}

/** What revocation achieved: confirmed, refused by the server, or the server could not be reached (or failed). */
export type RevocationOutcome = 'revoked' | 'refused' | 'unreachable';

const tokenSchema = z.looseObject({
  access_token: z.string().min(1),
  token_type: z.string().refine((t) => t.toLowerCase() === 'bearer', 'token_type must be Bearer'),
  expires_in: z.coerce.number().positive().optional(),
  refresh_token: z.string().min(1).optional(),
  scope: z.string().optional(),
  id_token: z.string().optional(),
});

const errorSchema = z.looseObject({
  error: z.string().min(1).max(200),
  error_description: z.string().optional(),
});

function parseJson(body: string): unknown {
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return undefined;
  }
}

/** The OAuth `error` of a refusal body, if it has one. */
function oauthErrorOf(body: string): string | undefined {
  const err = errorSchema.safeParse(parseJson(body));
  return err.success ? err.data.error : undefined;
}

/** Talks to the token and revocation endpoints; every failure becomes a TokenEndpointError with a readable message. */
export class TokenClient {
  constructor(
    private readonly http: Got,
    private readonly log: Logger,
  ) {}

  /** Exchanges an authorization code (RFC 7636 §4.5: with the verifier, no client secret). */
  exchangeCode(
    p: {
      tokenEndpoint: string;
      clientId: string;
      code: string;
      redirectUri: string;
      verifier: string;
    },
    signal?: AbortSignal,
  ): Promise<TokenResponse> {
    return this.post(
      p.tokenEndpoint,
      {
        grant_type: 'authorization_code',
        client_id: p.clientId,
        code: p.code,
        redirect_uri: p.redirectUri,
        code_verifier: p.verifier,
      },
      'exchange',
      signal,
    );
  }

  /** Redeems a refresh token (RFC 6749 §6). */
  refresh(
    p: { tokenEndpoint: string; clientId: string; refreshToken: string },
    signal?: AbortSignal,
  ): Promise<TokenResponse> {
    return this.post(
      p.tokenEndpoint,
      { grant_type: 'refresh_token', client_id: p.clientId, refresh_token: p.refreshToken },
      'refresh',
      signal,
    );
  }

  /** Revokes a token (RFC 7009) and says how it went. Never throws: sign-out must not depend on it. */
  async revoke(
    p: {
      revocationEndpoint: string;
      clientId: string;
      token: string;
      hint: 'refresh_token' | 'access_token';
    },
    signal?: AbortSignal,
  ): Promise<RevocationOutcome> {
    try {
      const res = await this.http.post(p.revocationEndpoint, {
        form: { token: p.token, token_type_hint: p.hint, client_id: p.clientId },
        ...(signal ? { signal } : {}),
      });
      if (res.statusCode === 200) return 'revoked';
      // Status, error code and length only: a response body never goes to the log.
      this.log.warn('revocation refused', {
        status: res.statusCode,
        error: errorCodeForLog(oauthErrorOf(res.body)),
        bodyLength: res.body.length,
      });
      // A 5xx means the server could not act on it: as good as unreachable for the user.
      return res.statusCode >= 500 ? 'unreachable' : 'refused';
    } catch (e) {
      this.log.warn('revocation failed', { error: e });
      return 'unreachable';
    }
  }

  private async post(
    url: string,
    form: Record<string, string>,
    purpose: TokenPurpose,
    signal?: AbortSignal,
  ): Promise<TokenResponse> {
    let res;
    try {
      res = await this.http.post(url, { form, ...(signal ? { signal } : {}) });
    } catch (e) {
      const failure = transportFailure(e, url);
      // `errorCode`, not `code`: the logger redacts every field named code (it could be an authorization code).
      this.log.warn('token request failed', { purpose, errorCode: failure.code, error: e });
      throw failure;
    }
    const body = parseJson(res.body);
    if (res.statusCode !== 200) {
      const err = errorSchema.safeParse(body);
      const failure = httpFailure(
        res.statusCode,
        err.success ? err.data.error : undefined,
        purpose,
        url,
        res.headers['retry-after'],
      );
      // Status, error code and length only: neither the user nor the log sees the body.
      this.log.warn('token endpoint refused', {
        purpose,
        status: res.statusCode,
        error: errorCodeForLog(err.success ? err.data.error : undefined),
        bodyLength: res.body.length,
      });
      throw failure;
    }
    const parsed = tokenSchema.safeParse(body);
    if (!parsed.success) {
      // Stryker disable next-line StringLiteral: every field the schema checks is top-level, so each issue path has one element
      const issues = parsed.error.issues.map((i) => i.path.join('.') + ': ' + i.message);
      this.log.warn('token response unreadable', { purpose, status: res.statusCode, issues });
      throw unreadableAnswer(res.statusCode, url);
    }
    const t = parsed.data;
    // Stryker disable next-line ConditionalExpression: the logger ignores an empty secret itself; this skips the call
    for (const secret of [t.access_token, t.refresh_token, t.id_token])
      if (secret) this.log.addSecret(secret);
    return {
      accessToken: t.access_token,
      expiresIn: t.expires_in,
      refreshToken: t.refresh_token,
      scope: t.scope,
      idToken: t.id_token,
    };
  }
}
