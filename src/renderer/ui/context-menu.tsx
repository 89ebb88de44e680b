import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import './context-menu.css';

export interface MenuItem {
  label: string;
  onSelect(): void;
}

interface Props {
  /** Where the menu opens, in viewport pixels. */
  x: number;
  y: number;
  label: string;
  items: readonly MenuItem[];
  onClose(): void;
}

/**
 * A menu drawn by the page (role=menu): it takes focus on its first item, moves with the arrow keys and
 * Home/End, runs an item with Enter or Space, and closes on Esc, Tab, a click elsewhere or a scroll, giving
 * focus back to where it was.
 */
export function ContextMenu({ x, y, label, items, onClose }: Props) {
  const ref = useRef<HTMLDivElement>(null);
  const [active, setActive] = useState(0);
  const [pos, setPos] = useState({ left: x, top: y });

  useLayoutEffect(() => {
    // Keep the whole menu inside the window.
    const r = ref.current?.getBoundingClientRect();
    if (!r) return;
    setPos({
      left: Math.max(0, Math.min(x, window.innerWidth - r.width - 4)),
      top: Math.max(0, Math.min(y, window.innerHeight - r.height - 4)),
    });
  }, [x, y]);

  // The latest onClose, so a parent re-render (a new function) never re-runs the open/close effect.
  const closeRef = useRef(onClose);
  useLayoutEffect(() => {
    closeRef.current = onClose;
  });

  useEffect(() => {
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    const away = (e: Event) => {
      if (!ref.current?.contains(e.target as Node)) closeRef.current();
    };
    const close = () => closeRef.current();
    document.addEventListener('mousedown', away, true);
    window.addEventListener('blur', close);
    window.addEventListener('resize', close);
    return () => {
      document.removeEventListener('mousedown', away, true);
      window.removeEventListener('blur', close);
      window.removeEventListener('resize', close);
      opener?.focus();
    };
  }, []);

  useEffect(() => {
    ref.current?.querySelectorAll<HTMLElement>('[role="menuitem"]')[active]?.focus();
  }, [active]);

  const run = (item: MenuItem) => {
    onClose();
    item.onSelect();
  };

  return (
    <div
      ref={ref}
      className="context-menu"
      role="menu"
      aria-label={label}
      style={{ left: pos.left, top: pos.top }}
      data-testid="context-menu"
      onKeyDown={(e) => {
        const n = items.length;
        if (e.key === 'Escape' || e.key === 'Tab') {
          e.preventDefault();
          onClose();
        } else if (e.key === 'ArrowDown') {
          e.preventDefault();
          setActive((a) => (a + 1) % n);
        } else if (e.key === 'ArrowUp') {
          e.preventDefault();
          setActive((a) => (a - 1 + n) % n);
        } else if (e.key === 'Home') {
          e.preventDefault();
          setActive(0);
        } else if (e.key === 'End') {
          e.preventDefault();
          setActive(n - 1);
        } else if (e.key === 'Enter' || e.key === ' ') {
          e.preventDefault();
          run(items[active]!);
        }
        e.stopPropagation();
      }}
    >
      {items.map((item, i) => (
        <div
          key={item.label}
          role="menuitem"
          tabIndex={i === active ? 0 : -1}
          className="context-menu-item"
          onClick={() => run(item)}
          onMouseEnter={() => setActive(i)}
        >
          {item.label}
        </div>
      ))}
    </div>
  );
}
