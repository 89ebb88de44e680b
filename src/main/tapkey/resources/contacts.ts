import type { ContactsList } from '../../../shared/model';
import { SCOPES } from '../../../shared/scopes';
import { checkContact, checkNamedContact } from '../access-schemas';
import { readChecked, type LimitedContext } from './context';
import { createLabelDirectory, type LabelDirectory, type LabelTuning } from './label-directory';
import type { Probes } from './probes';

/**
 * The fields of a contact the app reads. `identifier`, never the deprecated `email` (its removal is announced,
 * and an OData server answers a `$select` of a property it no longer has with 400).
 */
const CONTACT_FIELDS = ['id', 'ipId', 'identifier', 'title', 'comment'] as const;

/**
 * Contacts (`/Owners/{id}/Contacts`, scope read:core:entities): the people grants and log entries name, by
 * their title with their identifier beside it; and the whole list, for choosing a person.
 */
export function createContacts(ctx: LimitedContext, tuning: LabelTuning & { pageSize: number }) {
  const directory = createLabelDirectory(
    ctx,
    {
      segment: 'Contacts',
      select: ['id', 'identifier', 'title'],
      check: checkNamedContact,
      scope: SCOPES.coreEntities,
      what: 'contacts',
    },
    tuning,
  );
  return {
    ...directory,

    /** Every contact of an owner account, validated; unreadable ones are listed apart. */
    async listContacts(ownerAccountId: string, signal?: AbortSignal): Promise<ContactsList> {
      const { valid, invalid } = await readChecked(
        ctx,
        ['Owners', ownerAccountId, 'Contacts'],
        { what: 'the people of this owner account', scope: SCOPES.coreEntities },
        { pageSize: tuning.pageSize, items: 'contacts', select: CONTACT_FIELDS, signal },
        checkContact,
      );
      return { ownerAccountId, contacts: valid, invalid };
    },
  };
}

/** The contacts resource. */
export type Contacts = ReturnType<typeof createContacts>;

/** How the id-check test calls each method of a name directory (contacts and cards alike). */
export const labelDirectoryProbes: Probes<LabelDirectory> = {
  lookUp: {
    ids: 2,
    quoted: [1],
    call: (r, [owner, id], signal) => Promise.all(r.lookUp(owner!, [id!], signal)),
  },
  fill: { ids: 1, call: (r, [owner], signal) => r.fill(owner!, 10, signal) },
  namedOf: 'no-request',
  inFlight: 'no-request',
};

/** How the id-check test calls each method of the contacts resource. */
export const contactProbes: Probes<Contacts> = {
  ...labelDirectoryProbes,
  listContacts: { ids: 1, call: (r, [owner], signal) => r.listContacts(owner!, signal) },
};
