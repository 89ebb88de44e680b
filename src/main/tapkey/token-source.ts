/** Where the Tapkey API client gets bearer tokens; the auth session implements it. Tokens stay in main. */
export interface AccessTokenSource {
  /** A valid access token, refreshed first (single-flight) when expired; throws AppFailure when signed out. */
  getAccessToken(signal?: AbortSignal): Promise<string>;
  /**
   * Called after the API answered 401 to `rejected`: refreshes once (unless another caller already replaced
   * that token) and returns the new token; throws AppFailure('session-expired') when the refresh token is dead.
   */
  refreshAfterUnauthorized(rejected: string, signal?: AbortSignal): Promise<string>;
}
