import type { ReactNode } from 'react';
import { Tabs } from '../../ui/tabs';
import './workspace.css';

/**
 * One view of the main area beside the owner accounts: the account's locks, its activity, and whatever comes
 * next (people, the journal). Each is a plain entry here; the switcher and the layout do not change.
 */
export interface WorkspaceView {
  id: string;
  label: string;
  /** The view itself, given the main area's whole width beside the accounts. */
  render(): ReactNode;
}

interface Props {
  views: readonly WorkspaceView[];
  current: string;
  onChange(id: string): void;
}

/** The main area: a tab strip of views, then the current view, filling what is left beside the accounts pane. */
export function Workspace({ views, current, onChange }: Props) {
  const shown = views.find((v) => v.id === current) ?? views[0]!;
  return (
    <div className="workspace" data-testid="workspace">
      <Tabs tabs={views} current={shown.id} onChange={onChange} label="Views" name="workspace">
        {shown.render()}
      </Tabs>
    </div>
  );
}
