import { describe, expect, it } from 'vitest';
import { fakeMain } from '../../../../test/support/fake-main';
import type { BrowseSnapshot } from '../../../shared/model';
import { ok } from '../../../shared/result';
import { askForSnapshotEarly, takeSnapshot } from './early-snapshot';

const snapshotOf = (asOf: number): BrowseSnapshot => ({
  asOf,
  accounts: { accounts: [], invalid: [] },
  locks: [],
  selectedId: null,
});

/** Main answers each read with the next snapshot: the first read is as of 1, the second as of 2. */
function mainWithSnapshots() {
  let reads = 0;
  const main = fakeMain({ 'snapshot:get': () => ok(snapshotOf(++reads)) });
  const reads_ = () => main.calls.filter((c) => c.channel === 'snapshot:get').length;
  return { main, reads: reads_ };
}

const asOf = async (answer: ReturnType<typeof takeSnapshot>) => {
  const r = await answer;
  if (!r.ok) throw new Error(r.error.message);
  return r.value?.asOf;
};

describe('the snapshot asked for as the page starts', () => {
  it('is read once, at once, and the browse screen takes that read', async () => {
    const { main, reads } = mainWithSnapshots();
    askForSnapshotEarly(main.api);
    expect(reads()).toBe(1);
    expect(await asOf(takeSnapshot(main.api))).toBe(1);
    expect(reads()).toBe(1);
  });

  it('is taken once: a later browse screen (after a sign-out and in) reads again', async () => {
    const { main, reads } = mainWithSnapshots();
    askForSnapshotEarly(main.api);
    await takeSnapshot(main.api);
    expect(await asOf(takeSnapshot(main.api))).toBe(2);
    expect(reads()).toBe(2);
  });

  it('survives a renewal of the same sign-in', async () => {
    const { main } = mainWithSnapshots();
    askForSnapshotEarly(main.api);
    main.push('auth:state-changed', { status: 'refreshing', remembered: true });
    main.push('auth:state-changed', { status: 'signed-in', remembered: true, account: 'alice' });
    expect(await asOf(takeSnapshot(main.api))).toBe(1);
  });

  it.each([
    ['a sign-out', { status: 'signed-out' }],
    ['a sign-in starting', { status: 'authorizing', mode: 'embedded' }],
    ['an expired sign-in', { status: 'expired', reason: 'x' }],
    [
      'another sign-in taking its place',
      { status: 'signed-in', remembered: true, sessionKey: 'k2' },
    ],
    ['another sign-in renewing', { status: 'refreshing', remembered: true, sessionKey: 'k2' }],
  ] as const)('is dropped on %s: the browse screen reads again', async (_, state) => {
    const { main, reads } = mainWithSnapshots();
    askForSnapshotEarly(main.api);
    main.push('auth:state-changed', state);
    expect(await asOf(takeSnapshot(main.api))).toBe(2);
    expect(reads()).toBe(2);
  });

  it('is not handed to a page built on another bridge', async () => {
    const first = mainWithSnapshots();
    const second = mainWithSnapshots();
    askForSnapshotEarly(first.main.api);
    await takeSnapshot(second.main.api);
    expect(second.reads()).toBe(1);
    // And the first bridge's early read is gone with it.
    expect(await asOf(takeSnapshot(first.main.api))).toBe(2);
  });

  it('without an early ask, reads when taken', async () => {
    const { main, reads } = mainWithSnapshots();
    expect(await asOf(takeSnapshot(main.api))).toBe(1);
    expect(reads()).toBe(1);
  });
});
