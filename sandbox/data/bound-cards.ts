import { createRandom, pick, randomGuid, randomInt } from '../prng';
import type { BoundCardJson } from './types';

export const CARDS_PER_OWNER = 20;
/** Tapkey transponders hold at most 12 grants (documented `nofGrantsCapacity`). */
export const CARD_CAPACITY = 12;
/** The card seeded one grant short of its capacity (index in the owner account's cards). */
export const NEARLY_FULL_CARD = 0;

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
const EPOCH = Date.UTC(2019, 2, 1, 9, 0, 0);
const DAY = 86_400_000;

/** The bound cards of one owner account. */
export function generateBoundCards(seed: string, ownerAccountId: string): BoundCardJson[] {
  // The first stream keeps the ids and titles of earlier sandbox versions; the rest comes from a second one.
  const random = createRandom(`${seed}:cards:${ownerAccountId}`);
  const more = createRandom(`${seed}:card-details:${ownerAccountId}`);
  return Array.from({ length: CARDS_PER_OWNER }, (_, i) => {
    const id = randomGuid(random);
    const title = `${pick(random, CARD_TITLES)} ${i + 1}`;
    const uid = Buffer.from(Array.from({ length: 7 }, () => randomInt(more, 0, 255)));
    return {
      id,
      // What is printed on the card, often nothing (documented example: "").
      label: more() < 0.5 ? '' : `TK-${String(randomInt(more, 1000, 999_999)).padStart(6, '0')}`,
      uid: uid.toString('base64'),
      isActive: true,
      physicalCardId: uid.toString('hex'),
      ownerAccountId,
      bindDate: new Date(EPOCH + randomInt(more, 0, 1500) * DAY).toISOString(),
      unbindDate: null,
      title,
      nofGrantsCapacity: CARD_CAPACITY,
    };
  });
}
