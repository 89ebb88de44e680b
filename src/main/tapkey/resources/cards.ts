import { SCOPES } from '../../../shared/scopes';
import type { LimitedContext } from './context';
import { createLabelDirectory, type LabelDirectory, type LabelTuning } from './label-directory';

/** Bound cards (`/Owners/{id}/BoundCards`): the NFC cards grants and log entries name, by their title. */
export function createCards(ctx: LimitedContext, tuning: LabelTuning): LabelDirectory {
  return createLabelDirectory(
    ctx,
    { segment: 'BoundCards', field: 'title', scope: SCOPES.coreEntities, what: 'cards' },
    tuning,
  );
}
