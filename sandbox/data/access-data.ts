import { createRandom, pick, randomGuid, randomInt, type Random } from '../prng';
import type { BoundLockJson } from './types';

/** A contact of an owner account (fields Tapkey's samples read, plus the identity provider ones). */
export interface ContactJson {
  id: string;
  ownerAccountId: string;
  email: string;
  ipId: string;
  ipUserId: string;
}

/** An NFC card bound to an owner account. */
export interface BoundCardJson {
  id: string;
  ownerAccountId: string;
  title: string;
}

/**
 * A grant: who may open which lock, and when. `boundCardId` is an assumption (Tapkey's samples only show
 * contact grants); exactly one of contactId / boundCardId is set.
 */
export interface GrantJson {
  id: string;
  ownerAccountId: string;
  boundLockId: string;
  contactId: string | null;
  boundCardId: string | null;
  state: 'Ok' | 'Revoked';
  active: boolean;
  validFrom: string | null;
  validBefore: string | null;
  timeRestrictionIcal: string | null;
  boundLock: { id: string; title: string; physicalLockId: string };
}

/** One entry of a lock's access log. */
export interface LogEntryJson {
  id: string;
  entryNo: number;
  boundLockId: string;
  lockTimestamp: string;
  receivedAt: string;
  logType: string;
  command: string | null;
  contactId: string | null;
  boundCardId: string | null;
}

/** Log entries end here and reach two years back; fixed so the same seed always yields the same log. */
export const LOG_END_MS = Date.UTC(2026, 10, 1, 0, 0, 0);
const DAY = 86_400_000;
const LOG_SPAN_MS = 730 * DAY;
const CONTACTS_PER_OWNER = 60;
const CARDS_PER_OWNER = 20;
/** The most log entries a lock may have: the sandbox generates them per lock, lazily. */
export const MAX_LOG_ENTRIES = 100_000;

const FIRST_NAMES = [
  'anna',
  'ben',
  'clara',
  'david',
  'eva',
  'felix',
  'greta',
  'hannes',
  'ida',
  'jonas',
  'katharina',
  'lukas',
  'marie',
  'noah',
  'olivia',
  'paul',
];
const LAST_NAMES = [
  'berger',
  'huber',
  'wagner',
  'gruber',
  'pichler',
  'moser',
  'steiner',
  'bauer',
  'hofer',
  'leitner',
];
const DOMAINS = ['example.com', 'example.org', 'example.net'];
// Two titles look like spreadsheet formulas: exports must neutralise them.
const CARD_TITLES = [
  'Cleaning crew',
  'Caretaker',
  'Delivery',
  'Spare card',
  'Visitor',
  'Night guard',
  '@Reception',
  '=HYPERLINK("https://example.com","Maintenance")',
];

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

/** The contacts of one owner account, from (seed, owner account id) alone. */
export function generateContacts(seed: string, ownerAccountId: string): ContactJson[] {
  const random = createRandom(`${seed}:contacts:${ownerAccountId}`);
  return Array.from({ length: CONTACTS_PER_OWNER }, (_, i) => {
    const id = randomGuid(random);
    const first = pick(random, FIRST_NAMES);
    const last = pick(random, LAST_NAMES);
    return {
      id,
      ownerAccountId,
      email: `${first}.${last}${i}@${pick(random, DOMAINS)}`,
      ipId: 'tapkey',
      ipUserId: randomGuid(random),
    };
  });
}

/** The bound cards of one owner account. */
export function generateBoundCards(seed: string, ownerAccountId: string): BoundCardJson[] {
  const random = createRandom(`${seed}:cards:${ownerAccountId}`);
  return Array.from({ length: CARDS_PER_OWNER }, (_, i) => ({
    id: randomGuid(random),
    ownerAccountId,
    title: `${pick(random, CARD_TITLES)} ${i + 1}`,
  }));
}

/** Either a contact or a card, seldom neither (log entries only). */
function holder(
  random: Random,
  contacts: ContactJson[],
  cards: BoundCardJson[],
  allowNone: boolean,
): { contactId: string | null; boundCardId: string | null } {
  const roll = random();
  if (roll < 0.65 || (!allowNone && roll < 0.8))
    return { contactId: pick(random, contacts).id, boundCardId: null };
  if (roll < 0.88 || !allowNone) return { contactId: null, boundCardId: pick(random, cards).id };
  return { contactId: null, boundCardId: null };
}

/** The grants of one lock: validity windows (some open-ended), iCal restrictions (some unlimited), some revoked. */
export function generateGrants(
  seed: string,
  lock: BoundLockJson,
  count: number,
  contacts: ContactJson[],
  cards: BoundCardJson[],
): GrantJson[] {
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
    return {
      id,
      ownerAccountId: lock.ownerAccountId,
      boundLockId: lock.id,
      ...who,
      state: revoked ? 'Revoked' : 'Ok',
      active: !revoked,
      validFrom: from === null ? null : iso(from),
      validBefore: before === null ? null : iso(before),
      timeRestrictionIcal: random() < 0.5 ? null : pick(random, ICAL_TEMPLATES),
      boundLock: { id: lock.id, title: lock.title, physicalLockId: lock.physicalLockId },
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
  contacts: ContactJson[],
  cards: BoundCardJson[],
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
