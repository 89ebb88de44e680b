import { SCOPES } from '../../../shared/scopes';
import { checkNamedCard } from '../access-schemas';
import type { LimitedContext } from './context';
import { createLabelDirectory, type LabelDirectory, type LabelTuning } from './label-directory';

/** Bound cards (`/Owners/{id}/BoundCards`): the NFC cards grants and log entries name, by title and label. */
export function createCards(ctx: LimitedContext, tuning: LabelTuning): LabelDirectory {
  return createLabelDirectory(
    ctx,
    {
      segment: 'BoundCards',
      select: ['id', 'title', 'label'],
      check: checkNamedCard,
      scope: SCOPES.coreEntities,
      what: 'cards',
    },
    tuning,
  );
}
