import { createRandom, pick, randomGuid, randomInt } from '../prng';
import type { ContactJson } from './types';

export const CONTACTS_PER_OWNER = 60;
/** The person who is a contact in several of alice's owner accounts (offboarding across accounts). */
export const SHARED_PERSON_IDENTIFIER = 'robin.keyholder@example.org';
/** The external identity provider of the nameless contacts. */
export const EXTERNAL_IDP = 'idp.example-hotel';

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
const COMMENTS = ['Cleaning, Tuesdays', 'Intern until June', 'Caretaker', 'Neighbour (spare key)'];

const capital = (s: string) => `${s[0]?.toUpperCase() ?? ''}${s.slice(1)}`;
const hex = (random: () => number, bytes: number) =>
  Array.from({ length: bytes }, () => randomInt(random, 0, 255).toString(16).padStart(2, '0')).join(
    '',
  );

export interface ContactSeedOptions {
  /** Serve the deprecated `email` (same value as `identifier`). */
  email: boolean;
  /** Replace the last two contacts by external identity provider users without a usable name. */
  nameless: boolean;
  /** The first contact is the shared person; `titled` says whether this account gave them a title. */
  sharedPerson: { titled: boolean } | null;
}

/** The contact as served: `email` mirrors `identifier` (deprecated, still returned today) or is left out. */
export function withEmail(contact: Omit<ContactJson, 'email'>, email: boolean): ContactJson {
  return email ? { ...contact, email: contact.identifier } : { ...contact };
}

/** The contacts of one owner account, from (seed, owner account id) alone. */
export function generateContacts(
  seed: string,
  ownerAccountId: string,
  options: ContactSeedOptions,
): ContactJson[] {
  // The first stream keeps the ids and addresses of earlier sandbox versions; names come from a second one.
  const random = createRandom(`${seed}:contacts:${ownerAccountId}`);
  const names = createRandom(`${seed}:contact-names:${ownerAccountId}`);
  return Array.from({ length: CONTACTS_PER_OWNER }, (_, i) => {
    const id = randomGuid(random);
    const first = pick(random, FIRST_NAMES);
    const last = pick(random, LAST_NAMES);
    const domain = pick(random, DOMAINS);
    randomGuid(random); // formerly ipUserId; drawn so the next contact's id stays the same
    const titled = names() < 0.6;
    const comment = names() < 0.2 ? pick(names, COMMENTS) : null;
    let contact: Omit<ContactJson, 'email'> = {
      id,
      ownerId: ownerAccountId,
      ipId: 'tapkey',
      identifier: `${first}.${last}${i}@${domain}`,
      title: titled ? `${capital(first)} ${capital(last)}` : null,
      comment,
    };
    if (i === 0 && options.sharedPerson)
      contact = {
        ...contact,
        identifier: SHARED_PERSON_IDENTIFIER,
        title: options.sharedPerson.titled ? 'Robin Keyholder' : null,
        comment: null,
      };
    if (options.nameless && i === CONTACTS_PER_OWNER - 2)
      contact = { ...contact, ipId: EXTERNAL_IDP, identifier: hex(names, 16), title: null };
    if (options.nameless && i === CONTACTS_PER_OWNER - 1)
      contact = { ...contact, ipId: EXTERNAL_IDP, identifier: null, title: '', comment: null };
    return withEmail(contact, options.email);
  });
}
