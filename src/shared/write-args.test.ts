import { describe, expect, it } from 'vitest';
import type { InvokeChannel } from './contract';
import { argSchemaFor } from './schemas';

const give = {
  kind: 'give',
  ownerAccountId: 'owner-1',
  holder: { kind: 'email', identifier: 'robin@example.org' },
  boundLockIds: ['lock-1', 'lock-2'],
  validFrom: null,
  validBefore: '2031-01-01T00:00:00Z',
  schedule: { days: ['MO', 'FR'], start: '08:00', end: '18:00' },
};
const parses = (channel: InvokeChannel, args: unknown[]) =>
  argSchemaFor(channel).safeParse(args).success;
const badId = (channel: InvokeChannel, args: unknown[]) => {
  const r = argSchemaFor(channel).safeParse(args);
  return (
    !r.success && r.error.issues.some((i) => i.code === 'custom' && i.params?.code === 'invalid-id')
  );
};

describe('writing IPC arguments', () => {
  it('accept every kind of change, as the contract types them', () => {
    for (const request of [
      give,
      { ...give, holder: { kind: 'contact', contactId: 'c-1' }, schedule: null },
      { ...give, holder: { kind: 'card', boundCardId: 'k-1' }, validBefore: null },
      { kind: 'create-contact', ownerAccountId: 'o', identifier: 'a@b.c', title: 'A' },
      { kind: 'create-contact', ownerAccountId: 'o', identifier: 'a@b.c' },
      { kind: 'revoke-grant', ownerAccountId: 'o', grantId: 'g' },
      { kind: 'revoke-person', ownerAccountId: 'o', contactId: 'c' },
      { kind: 'revoke-card', ownerAccountId: 'o', boundCardId: 'k' },
      { kind: 'delete-from-card', ownerAccountId: 'o', grantId: 'g' },
      { kind: 'offboard', person: { kind: 'email', identifier: 'a@b.c' }, ownerAccountIds: 'all' },
      {
        kind: 'offboard',
        person: { kind: 'contact', ownerAccountId: 'o', contactId: 'c' },
        ownerAccountIds: ['o'],
      },
    ])
      expect(parses('writes:preview', [request]), JSON.stringify(request)).toBe(true);
  });

  it('refuse what is not one: unknown kinds and fields, empty or huge lists, bad times and dates', () => {
    for (const request of [
      { ...give, kind: 'grant' },
      { ...give, extra: 1 },
      { ...give, holder: { kind: 'email', identifier: 'a@b.c', contactId: 'c' } },
      { ...give, boundLockIds: [] },
      { ...give, boundLockIds: Array.from({ length: 10_001 }, (_, i) => `l${i}`) },
      { ...give, validFrom: 'tomorrow' },
      { ...give, schedule: { days: [], start: '08:00', end: '18:00' } },
      { ...give, schedule: { days: ['XX'], start: '08:00', end: '18:00' } },
      { ...give, schedule: { days: ['MO'], start: '8:00', end: '18:00' } },
      { ...give, schedule: { days: ['MO'], start: '08:00', end: '24:00' } },
      { ...give, holder: { kind: 'email', identifier: 'x'.repeat(321) } },
      { kind: 'offboard', person: { kind: 'email', identifier: 'a@b.c' }, ownerAccountIds: [] },
      { kind: 'offboard', person: { kind: 'email', identifier: 'a@b.c' }, ownerAccountIds: 'some' },
      { kind: 'create-contact', ownerAccountId: 'o', identifier: 'a@b.c', title: 'x'.repeat(201) },
    ])
      expect(parses('writes:preview', [request]), JSON.stringify(request).slice(0, 120)).toBe(
        false,
      );
  });

  it('refuse a path trick in every id position with invalid-id', () => {
    expect(badId('writes:preview', [{ ...give, ownerAccountId: '../..' }])).toBe(true);
    expect(badId('writes:preview', [{ ...give, boundLockIds: ['lock-1', '%2e%2e'] }])).toBe(true);
    expect(
      badId('writes:preview', [{ ...give, holder: { kind: 'contact', contactId: '/' } }]),
    ).toBe(true);
    expect(
      badId('writes:preview', [{ kind: 'revoke-grant', ownerAccountId: 'o', grantId: 'a/../b' }]),
    ).toBe(true);
    expect(
      badId('writes:preview', [
        {
          kind: 'offboard',
          person: { kind: 'contact', ownerAccountId: '\\', contactId: 'c' },
          ownerAccountIds: 'all',
        },
      ]),
    ).toBe(true);
    expect(badId('people:list', ['..'])).toBe(true);
    expect(badId('access:list-lock-features', ['%2F'])).toBe(true);
  });

  it('take only ids this app made for plans and changes, and a bounded journal filter', () => {
    const id = '0f8fad5b-d9cb-469f-a165-70867728950e';
    expect(parses('writes:submit', [id])).toBe(true);
    expect(parses('writes:undo', [id])).toBe(true);
    expect(parses('writes:refresh-progress', [id])).toBe(true);
    expect(parses('writes:submit', ['../plan'])).toBe(false);
    expect(parses('writes:undo', [`${id}x`])).toBe(false);
    expect(parses('journal:list', [{}])).toBe(true);
    expect(
      parses('journal:list', [
        {
          text: 'robin',
          operation: 'give',
          status: 'unknown',
          ownerAccountId: 'o',
          since: '2026-01-01',
          limit: 10,
        },
      ]),
    ).toBe(true);
    expect(parses('journal:list', [{ operation: 'delete' }])).toBe(false);
    expect(parses('journal:list', [{ status: 'maybe' }])).toBe(false);
    expect(parses('journal:list', [{ limit: 0 }])).toBe(false);
    expect(parses('journal:list', [{ text: 'x'.repeat(201) }])).toBe(false);
    expect(parses('journal:export-csv', [{ extra: true }])).toBe(false);
    expect(parses('auth:sign-out', [])).toBe(true);
    expect(parses('auth:sign-out', [{ discardPending: true }])).toBe(true);
    expect(parses('auth:sign-out', [{ discard: true }])).toBe(false);
  });
});
