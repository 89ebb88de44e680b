import type { ReactNode } from 'react';

/** One tab of a strip. */
interface Tab {
  id: string;
  label: string;
}

interface Props {
  tabs: readonly Tab[];
  current: string;
  onChange(id: string): void;
  /** The strip's accessible name. */
  label: string;
  /**
   * Prefixes the ids (`{name}-tab-{id}`, `{name}-panel-{id}`) and the classes (`{name}-tabs`, `{name}-tab`,
   * `{name}-panel`).
   */
  name: string;
  /** Whether the panel itself takes focus (when its content may have nothing focusable). */
  focusablePanel?: boolean;
  /** The current tab's panel. */
  children: ReactNode;
}

/**
 * A tab strip and the current tab's panel (WAI-ARIA tabs with automatic activation): one Tab stop at the chosen
 * tab, the arrow keys choose the next or previous one and wrap around.
 */
export function Tabs({ tabs, current, onChange, label, name, focusablePanel, children }: Props) {
  return (
    <>
      <div role="tablist" className={`tab-strip ${name}-tabs`} aria-label={label}>
        {tabs.map((t) => (
          <button
            key={t.id}
            type="button"
            role="tab"
            id={`${name}-tab-${t.id}`}
            aria-selected={t.id === current}
            aria-controls={`${name}-panel-${t.id}`}
            tabIndex={t.id === current ? 0 : -1}
            className={`tab ${name}-tab`}
            onClick={() => onChange(t.id)}
            onKeyDown={(e) => {
              const step = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
              if (!step) return;
              e.preventDefault();
              const i = tabs.findIndex((x) => x.id === current);
              const next = tabs[(i + step + tabs.length) % tabs.length]!;
              onChange(next.id);
              document.getElementById(`${name}-tab-${next.id}`)?.focus();
            }}
          >
            {t.label}
          </button>
        ))}
      </div>
      <div
        role="tabpanel"
        id={`${name}-panel-${current}`}
        aria-labelledby={`${name}-tab-${current}`}
        className={`${name}-panel`}
        tabIndex={focusablePanel ? 0 : undefined}
      >
        {children}
      </div>
    </>
  );
}
