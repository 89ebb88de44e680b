import { SCOPES } from '../../../shared/scopes';
import type { LimitedContext } from './context';
import { createLabelDirectory, type LabelDirectory, type LabelTuning } from './label-directory';
import type { Probes } from './probes';

/** Contacts (`/Owners/{id}/Contacts`): the people grants and log entries name, by their e-mail. */
export function createContacts(ctx: LimitedContext, tuning: LabelTuning): LabelDirectory {
  return createLabelDirectory(
    ctx,
    { segment: 'Contacts', field: 'email', scope: SCOPES.contacts, what: 'contacts' },
    tuning,
  );
}

/** How the id-check test calls each method of a label directory (contacts and cards alike). */
export const labelDirectoryProbes: Probes<LabelDirectory> = {
  lookUp: {
    ids: 2,
    quoted: [1],
    call: (r, [owner, id], signal) => Promise.all(r.lookUp(owner!, [id!], signal)),
  },
  fill: { ids: 1, call: (r, [owner], signal) => r.fill(owner!, 10, signal) },
  labelOf: 'no-request',
  inFlight: 'no-request',
};
