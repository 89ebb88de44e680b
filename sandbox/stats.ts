import type { SandboxStats } from './types';

/** Request counters for tests and benchmarks; counted as requests arrive, faulted ones included. */
export class StatsRecorder implements SandboxStats {
  private tokens = new Map<string, number>();
  private api = new Map<string, number>();
  private revoked = 0;

  /** Records one token request by its grant_type ('' when absent). */
  recordToken(grantType: string): void {
    this.tokens.set(grantType, (this.tokens.get(grantType) ?? 0) + 1);
  }

  /** Records one /api/v1 request by path and query. */
  recordApi(pathAndQuery: string): void {
    this.api.set(pathAndQuery, (this.api.get(pathAndQuery) ?? 0) + 1);
  }

  recordRevocation(): void {
    this.revoked += 1;
  }

  tokenRequests(grantType?: 'authorization_code' | 'refresh_token'): number {
    if (grantType) return this.tokens.get(grantType) ?? 0;
    let total = 0;
    for (const n of this.tokens.values()) total += n;
    return total;
  }

  apiRequests(pathPattern?: RegExp): number {
    let total = 0;
    for (const [path, n] of this.api) {
      if (pathPattern) pathPattern.lastIndex = 0;
      if (!pathPattern || pathPattern.test(path)) total += n;
    }
    return total;
  }

  longestApiTarget(pathPattern?: RegExp): number {
    let longest = 0;
    for (const path of this.api.keys()) {
      if (pathPattern) pathPattern.lastIndex = 0;
      if (!pathPattern || pathPattern.test(path)) longest = Math.max(longest, path.length);
    }
    return longest;
  }

  revocations(): number {
    return this.revoked;
  }

  reset(): void {
    this.tokens.clear();
    this.api.clear();
    this.revoked = 0;
  }

  /** A JSON snapshot for the admin endpoint. */
  snapshot(): { tokenRequests: Record<string, number>; apiRequests: number; revocations: number } {
    return {
      tokenRequests: { total: this.tokenRequests(), ...Object.fromEntries(this.tokens) },
      apiRequests: this.apiRequests(),
      revocations: this.revoked,
    };
  }
}
