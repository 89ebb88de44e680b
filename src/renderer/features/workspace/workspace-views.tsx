import type { ReactNode } from 'react';
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
      <div role="tablist" className="workspace-tabs" aria-label="Views">
        {views.map((v) => (
          <button
            key={v.id}
            type="button"
            role="tab"
            id={`workspace-tab-${v.id}`}
            aria-selected={v.id === shown.id}
            aria-controls={`workspace-view-${v.id}`}
            tabIndex={v.id === shown.id ? 0 : -1}
            className="workspace-tab"
            onClick={() => onChange(v.id)}
            onKeyDown={(e) => {
              const step = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
              if (!step) return;
              e.preventDefault();
              const i = views.findIndex((x) => x.id === shown.id);
              const next = views[(i + step + views.length) % views.length]!;
              onChange(next.id);
              document.getElementById(`workspace-tab-${next.id}`)?.focus();
            }}
          >
            {v.label}
          </button>
        ))}
      </div>
      <div
        role="tabpanel"
        id={`workspace-view-${shown.id}`}
        aria-labelledby={`workspace-tab-${shown.id}`}
        className="workspace-view"
      >
        {shown.render()}
      </div>
    </div>
  );
}
