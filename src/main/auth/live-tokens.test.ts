import { describe, expect, it } from 'vitest';
import { isFresh, refreshMarginMs, sameServers } from './live-tokens';

const at = (lifetimeS: number) => ({ accessToken: 'token', accessIssuedAt: 1_000_000, accessExpiresAt: 1_000_000 + lifetimeS * 1000 });

describe('the early-refresh margin', () => {
  it('is min(60 s, half the lifetime)', () => {
    expect(refreshMarginMs(at(3600), 60_000)).toBe(60_000);
    expect(refreshMarginMs(at(120), 60_000)).toBe(60_000);
    expect(refreshMarginMs(at(30), 60_000)).toBe(15_000);
    expect(refreshMarginMs(at(1), 60_000)).toBe(500);
  });

  it('keeps a 30-second token for its first 15 seconds only', () => {
    const t = at(30);
    expect(isFresh(t, t.accessIssuedAt, 60_000)).toBe(true);
    expect(isFresh(t, t.accessIssuedAt + 14_999, 60_000)).toBe(true);
    expect(isFresh(t, t.accessIssuedAt + 15_000, 60_000)).toBe(false);
    expect(isFresh({ ...t, accessToken: null }, t.accessIssuedAt, 60_000)).toBe(false);
  });

  it('keeps an hour token until a minute before it expires', () => {
    const t = at(3600);
    expect(isFresh(t, t.accessExpiresAt - 60_001, 60_000)).toBe(true);
    expect(isFresh(t, t.accessExpiresAt - 60_000, 60_000)).toBe(false);
  });
});

describe('server binding', () => {
  it('differs when any of issuer, client or API differs', () => {
    const s = { issuer: 'https://login.tapkey.com', clientId: 'c', apiBaseUrl: 'https://my.tapkey.com/api/v1/' };
    expect(sameServers(s, { ...s })).toBe(true);
    expect(sameServers(s, { ...s, issuer: 'https://login.sandbox.tapkey.io' })).toBe(false);
    expect(sameServers(s, { ...s, clientId: 'd' })).toBe(false);
    expect(sameServers(s, { ...s, apiBaseUrl: 'https://elsewhere.example/api/v1/' })).toBe(false);
  });
});
