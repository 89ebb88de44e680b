import { memo } from 'react';
import type { BrowseState } from './browse-state';
import { changeSummaryOf } from './lock-changes';

/**
 * What the last reload changed, while its rows are marked: "2 added · 1 changed · 1 removed: Garage". Removed
 * locks have no row left to mark, so they are named here.
 */
export const ChangesNote = memo(function ChangesNote({ locks }: Pick<BrowseState, 'locks'>) {
  const c = changeSummaryOf(locks);
  if (!c) return null;
  const parts = [
    ...(c.added ? [`${c.added} added`] : []),
    ...(c.changed ? [`${c.changed} changed`] : []),
    ...(c.removed.length ? [`${c.removed.length} removed: ${namesOf(c.removed)}`] : []),
  ];
  return (
    <p className="changes-note" data-testid="changes-note" role="status">
      {`Updated: ${parts.join(' · ')}`}
    </p>
  );
});

/** The first few names, then how many more: a long list would push the toolbar apart. */
function namesOf(names: string[]): string {
  const shown = names.slice(0, 3).join(', ');
  return names.length > 3 ? `${shown} and ${names.length - 3} more` : shown;
}
