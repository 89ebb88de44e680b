import type { ServerResponse } from 'node:http';
import { sendJson } from '../http/respond';

/**
 * A Tapkey-like JSON error (an error code and a description). Tapkey does not publish the shape, so the
 * app must parse it defensively; the sandbox never answers the API with HTML.
 */
export function sendApiError(
  res: ServerResponse,
  status: number,
  errorCode: string,
  message: string,
  headers: Record<string, string> = {},
): void {
  sendJson(res, status, { errorCode, message }, headers);
}

/** 401 with the RFC 6750 challenge the app keys its refresh on. */
export function sendInvalidToken(res: ServerResponse, description: string): void {
  sendApiError(res, 401, 'Unauthorized', description, {
    'WWW-Authenticate': `Bearer error="invalid_token", error_description="${description.replace(/"/g, "'")}"`,
  });
}

/** 403 naming the missing scope. */
export function sendInsufficientScope(res: ServerResponse, scope: string): void {
  sendApiError(res, 403, 'Forbidden', `The access token lacks the scope ${scope}.`, {
    'WWW-Authenticate': `Bearer error="insufficient_scope", scope="${scope}"`,
  });
}

/**
 * 403 for the user's role in the owner account, not the client's scopes: no `insufficient_scope` challenge
 * (RFC 6750 keeps that for scopes), and a body that names the role and what it may not do.
 */
export function sendForbiddenRole(res: ServerResponse, roleName: string, action: string): void {
  sendApiError(
    res,
    403,
    'Forbidden',
    `Your role in this owner account (${roleName}) does not allow ${action}. This is a permission of the user, not of the client's scopes.`,
  );
}
