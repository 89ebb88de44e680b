import { createRandom, pick, randomGuid, randomInt, type Random } from '../prng';
import { LOCK_DESCRIPTIONS, LOCK_TITLES, LOCK_TYPES } from './catalogue';
import { encodePhysicalLockId, zeroPrefixed } from './physical-lock-id';
import type { BoundLockJson } from './types';

// Every date is an offset from a fixed epoch so that the data never depends on the clock.
const EPOCH = Date.UTC(2018, 5, 1, 8, 0, 0);
const DAY = 86_400_000;

function isoAt(ms: number): string {
  return new Date(ms).toISOString();
}

function shuffled<T>(random: Random, items: readonly T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

function description(random: Random): string | null {
  const roll = random();
  if (roll < 0.2) return null;
  if (roll < 0.4) return '';
  return pick(random, LOCK_DESCRIPTIONS);
}

function physicalLockId(random: Random): string {
  const bytes = new Uint8Array(pick(random, [4, 4, 7, 8]));
  for (let i = 0; i < bytes.length; i++) bytes[i] = randomInt(random, 0, 255);
  return encodePhysicalLockId(bytes);
}

export interface LockSeedOptions {
  /** Leave `active` out on every sixth lock (index 5, 11, …), as an older copy of the docs shows. */
  withoutActive: boolean;
}

/**
 * The bound locks of one owner account, generated from (seed, owner account id) alone so that any
 * account can be generated on first use, in any order, with the same result. Every tenth lock (index 2,
 * 12, …) has a physicalLockId whose length prefix is 0, like the docs' own example `AAChsgq2`.
 */
export function generateBoundLocks(
  seed: string,
  ownerAccountId: string,
  count: number,
  options: LockSeedOptions = { withoutActive: false },
): BoundLockJson[] {
  const random = createRandom(`${seed}:locks:${ownerAccountId}`);
  const titles = shuffled(random, LOCK_TITLES);
  const locks: BoundLockJson[] = [];
  for (let i = 0; i < count; i++) {
    const round = Math.floor(i / titles.length);
    const title = `${titles[i % titles.length]}${round > 0 ? ` ${round + 1}` : ''}`;
    const active = random() >= 0.15;
    const lockType = pick(random, LOCK_TYPES);
    const bind = EPOCH + randomInt(random, 0, 1800) * DAY + randomInt(random, 0, 86_399) * 1000;
    const rclSerialNo = randomInt(random, 1, 40);
    const rclDate = bind + randomInt(random, 0, 200) * DAY;
    const seen = random() < 0.6;
    const id = randomGuid(random);
    const text = description(random);
    const unbindDate =
      !active && random() < 0.5 ? isoAt(bind + randomInt(random, 30, 400) * DAY) : null;
    const physical = physicalLockId(random);
    // The last-seen list lags by up to three serials (revocations the lock has not picked up yet); a lock
    // that lags last synced before the current list was made.
    const lag = seen ? randomInt(random, 0, 3) : 0;
    const seenDays = seen ? randomInt(random, 0, 30) : 0;
    const lastSeen = Math.max(1, rclSerialNo - lag);
    const lastSeenAt =
      lastSeen < rclSerialNo
        ? Math.max(bind, rclDate - (seenDays + 1) * DAY)
        : rclDate + seenDays * DAY;
    locks.push({
      id,
      ownerAccountId,
      title,
      description: text,
      active,
      bindDate: isoAt(bind),
      unbindDate,
      physicalLockId: i % 10 === 2 ? zeroPrefixed(physical) : physical,
      lockTypeId: lockType.id,
      lockType: { ...lockType, supportedTechnologies: [...lockType.supportedTechnologies] },
      targetType: 'Lock',
      rclSerialNo,
      rclDate: isoAt(rclDate),
      lastSeenRclSerialNo: seen ? lastSeen : null,
      lastSeenRclUpdateDate: seen ? isoAt(lastSeenAt) : null,
      supportedFeatures: null,
      membershipStatistics: null,
      healthStatuses: null,
    });
    if (options.withoutActive && i % 6 === 5) delete locks[i]?.active;
  }
  return locks;
}
