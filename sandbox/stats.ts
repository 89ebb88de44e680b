import type { SandboxStats } from './types';

const READS = new Set(['GET', 'HEAD']);

/** Request counters for tests and benchmarks; counted as requests arrive, faulted ones included. */
export class StatsRecorder implements SandboxStats {
  private tokens = new Map<string, number>();
  private api = new Map<string, number>();
  private writeRequests = new Map<string, number>();
  private applied = new Map<string, number>();
  private revoked = 0;

  /** Records one token request by its grant_type ('' when absent). */
  recordToken(grantType: string): void {
    this.tokens.set(grantType, (this.tokens.get(grantType) ?? 0) + 1);
  }

  /** Records one /api/v1 request by path and query; a write also by method (e.g. 'PUT /api/v1/…'). */
  recordApi(pathAndQuery: string, method = 'GET'): void {
    this.api.set(pathAndQuery, (this.api.get(pathAndQuery) ?? 0) + 1);
    if (!READS.has(method)) {
      const key = `${method} ${pathAndQuery}`;
      this.writeRequests.set(key, (this.writeRequests.get(key) ?? 0) + 1);
    }
  }

  /** Records a write the API applied (a handler name such as 'PUT Grants' or 'Revoke'). */
  recordAppliedWrite(handler: string): void {
    this.applied.set(handler, (this.applied.get(handler) ?? 0) + 1);
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
    return count(this.api, pathPattern);
  }

  writes(pattern?: RegExp): number {
    return count(this.writeRequests, pattern);
  }

  appliedWrites(handler?: string): number {
    return handler === undefined ? count(this.applied) : (this.applied.get(handler) ?? 0);
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
    this.writeRequests.clear();
    this.applied.clear();
    this.revoked = 0;
  }

  /** A JSON snapshot for the admin endpoint. */
  snapshot(): {
    tokenRequests: Record<string, number>;
    apiRequests: number;
    revocations: number;
    writeRequests: Record<string, number>;
    appliedWrites: Record<string, number>;
  } {
    return {
      tokenRequests: { total: this.tokenRequests(), ...Object.fromEntries(this.tokens) },
      apiRequests: this.apiRequests(),
      revocations: this.revoked,
      writeRequests: Object.fromEntries(this.writeRequests),
      appliedWrites: Object.fromEntries(this.applied),
    };
  }
}

function count(map: ReadonlyMap<string, number>, pattern?: RegExp): number {
  let total = 0;
  for (const [key, n] of map) {
    if (pattern) pattern.lastIndex = 0;
    if (!pattern || pattern.test(key)) total += n;
  }
  return total;
}
