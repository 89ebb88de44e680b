import { createRandom, pick, randomGuid, randomInt, type Random } from '../prng';
import type { BoundCardJson, BoundLockJson, ContactJson, GrantRecord, LogEntryJson } from './types';

/** Log entries end here and reach two years back; fixed so the same seed always yields the same log. */
export const LOG_END_MS = Date.UTC(2026, 10, 1, 0, 0, 0);
const DAY = 86_400_000;
const LOG_SPAN_MS = 730 * DAY;
/** The most log entries a lock may have: the sandbox generates them per lock, lazily. */
export const MAX_LOG_ENTRIES = 100_000;

/** iCalendar time restrictions the seed picks from; each has a plain-words rendering the UI must produce. */
export const ICAL_TEMPLATES: readonly string[] = [
  ical('20240101T080000', '20240101T180000', 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR'),
  ical('20240106T100000', '20240106T160000', 'FREQ=WEEKLY;BYDAY=SA,SU'),
  ical('20240101T060000', '20240101T220000', 'FREQ=DAILY'),
  ical('20240101T073000', '20240101T120000', 'FREQ=WEEKLY;BYDAY=MO,WE,FR'),
];

function ical(start: string, end: string, rrule: string): string {
  return [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'BEGIN:VEVENT',
    `DTSTART:${start}`,
    `DTEND:${end}`,
    `RRULE:${rrule}`,
    'END:VEVENT',
    'END:VCALENDAR',
  ].join('\r\n');
}

const iso = (ms: number) => new Date(ms).toISOString();

/** Either a contact or a card, seldom neither (log entries only). */
function holder(
  random: Random,
  contacts: readonly ContactJson[],
  cards: readonly BoundCardJson[],
  allowNone: boolean,
): { contactId: string | null; boundCardId: string | null } {
  const roll = random();
  if (roll < 0.65 || (!allowNone && roll < 0.8))
    return { contactId: pick(random, contacts).id, boundCardId: null };
  if (roll < 0.88 || !allowNone) return { contactId: null, boundCardId: pick(random, cards).id };
  return { contactId: null, boundCardId: null };
}

/**
 * The grants of one lock: validity windows (some open-ended), iCal restrictions (some unlimited; none on a lock
 * without iCal support), some revoked.
 */
export function generateGrants(
  seed: string,
  lock: BoundLockJson,
  count: number,
  contacts: readonly ContactJson[],
  cards: readonly BoundCardJson[],
  icalSupported = true,
): GrantRecord[] {
  const random = createRandom(`${seed}:grants:${lock.id}`);
  return Array.from({ length: count }, () => {
    const id = randomGuid(random);
    const who = holder(random, contacts, cards, false);
    const from =
      random() < 0.3
        ? null
        : LOG_END_MS - randomInt(random, 30, 900) * DAY + randomInt(random, 0, 23) * 3_600_000;
    const before =
      random() < 0.4 ? null : (from ?? LOG_END_MS - 900 * DAY) + randomInt(random, 30, 1000) * DAY;
    const revoked = random() < 0.1;
    const ical = random() < 0.5 ? null : pick(random, ICAL_TEMPLATES);
    return {
      id,
      ownerAccountId: lock.ownerAccountId,
      boundLockId: lock.id,
      ...who,
      validFrom: from === null ? null : iso(from),
      validBefore: before === null ? null : iso(before),
      timeRestrictionIcal: icalSupported ? ical : null,
      state: revoked ? 'Revoked' : 'Ok',
      active: !revoked,
    };
  });
}

/**
 * The access log of one lock, newest first, spread over the two years before LOG_END_MS: entry i lies in its
 * own slice of time, so the order is strict without sorting 100,000 entries.
 */
export function generateLogEntries(
  seed: string,
  lock: BoundLockJson,
  count: number,
  contacts: readonly ContactJson[],
  cards: readonly BoundCardJson[],
): LogEntryJson[] {
  const random = createRandom(`${seed}:log:${lock.id}`);
  const slice = LOG_SPAN_MS / Math.max(count, 1);
  const entries: LogEntryJson[] = new Array(count);
  for (let i = 0; i < count; i++) {
    const at = Math.floor(LOG_END_MS - (i + random()) * slice);
    const command = random() < 0.85;
    entries[i] = {
      id: randomGuid(random),
      entryNo: count - i,
      boundLockId: lock.id,
      lockTimestamp: iso(at),
      receivedAt: iso(at + randomInt(random, 1, 600) * 1000),
      logType: command ? 'Command' : 'Event',
      command: command ? (random() < 0.9 ? 'TriggerLock' : 'LockLock') : null,
      ...holder(random, contacts, cards, true),
    };
  }
  return entries;
}

/** The logs of several locks as one, newest first (the account-wide log); ties keep the locks' order. */
export function mergeLogs(logs: ReadonlyArray<readonly LogEntryJson[]>): LogEntryJson[] {
  // Canonical ISO strings order like the instants they name, so no date is parsed.
  return logs
    .flat()
    .sort((a, b) =>
      a.lockTimestamp < b.lockTimestamp ? 1 : a.lockTimestamp > b.lockTimestamp ? -1 : 0,
    );
}
