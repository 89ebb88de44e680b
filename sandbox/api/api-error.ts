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
