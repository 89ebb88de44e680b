import { z } from 'zod';
import { errorCodeForLog, type Logger } from '../log';
import { NoAnswer, type AuthAnswer, type AuthHttp } from './http';
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
function oauthErrorOf(body: AuthAnswer['body']): string | undefined {
  if (!('text' in body)) return undefined;
  const err = errorSchema.safeParse(parseJson(body.text));
  return err.success ? err.data.error : undefined;
}

/** What the log may say about a body: its length (or why it was not read), never its text. */
function bodyForLog(body: AuthAnswer['body']): { bodyLength: number } | { bodyUnreadable: string } {
  return 'text' in body ? { bodyLength: body.text.length } : { bodyUnreadable: body.unreadable };
}

/** Talks to the token and revocation endpoints; every failure becomes a TokenEndpointError with a readable message. */
export class TokenClient {
  constructor(
    private readonly http: AuthHttp,
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
      const res = await this.http.post(
        p.revocationEndpoint,
        { token: p.token, token_type_hint: p.hint, client_id: p.clientId },
        signal ? { signal } : {},
      );
      if (res.status === 200) return 'revoked';
      // Status, error code and length only: a response body never goes to the log.
      this.log.warn('revocation refused', {
        status: res.status,
        error: errorCodeForLog(oauthErrorOf(res.body)),
        ...bodyForLog(res.body),
      });
      // A 5xx means the server could not act on it: as good as unreachable for the user.
      return res.status >= 500 ? 'unreachable' : 'refused';
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
    let res: AuthAnswer;
    try {
      res = await this.http.post(url, form, { token: true, ...(signal ? { signal } : {}) });
    } catch (e) {
      if (!(e instanceof NoAnswer)) throw e;
      const failure = transportFailure(e, url);
      // `errorCode`, not `code`: the logger redacts every field named code (it could be an authorization code).
      this.log.warn('token request failed', {
        purpose,
        errorCode: failure.code,
        fate: failure.fate,
        error: e,
      });
      throw failure;
    }
    if (res.status !== 200) {
      const oauthError = oauthErrorOf(res.body);
      const failure = httpFailure(
        res.status,
        oauthError,
        purpose,
        url,
        res.headers.get('retry-after'),
      );
      // Status, error code and length only: neither the user nor the log sees the body.
      this.log.warn('token endpoint refused', {
        purpose,
        status: res.status,
        error: errorCodeForLog(oauthError),
        ...bodyForLog(res.body),
      });
      throw failure;
    }
    if (!('text' in res.body)) {
      this.log.warn('token response unreadable', {
        purpose,
        status: res.status,
        bodyUnreadable: res.body.unreadable,
      });
      throw unreadableAnswer(res.status, url);
    }
    const parsed = tokenSchema.safeParse(parseJson(res.body.text));
    if (!parsed.success) {
      // Stryker disable next-line StringLiteral: every field the schema checks is top-level, so each issue path has one element
      const issues = parsed.error.issues.map((i) => i.path.join('.') + ': ' + i.message);
      this.log.warn('token response unreadable', { purpose, status: res.status, issues });
      throw unreadableAnswer(res.status, url);
    }
    const t = parsed.data;
    for (const secret of [t.access_token, t.refresh_token, t.id_token])
      // Stryker disable next-line ConditionalExpression: the logger ignores an empty secret itself; this skips the call
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
