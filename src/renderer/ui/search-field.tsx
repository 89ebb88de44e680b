import type { Ref } from 'react';

interface Props {
  id: string;
  /** The field's accessible name (its label is for screen readers only; the placeholder shows). */
  label: string;
  placeholder: string;
  value: string;
  onChange(value: string): void;
  className: string;
  /** A search landmark (a screen's main search), not just a filter of one list. */
  landmark?: boolean;
  ref?: Ref<HTMLInputElement>;
}

/** A search field with a hidden label; Esc clears it (and only then is Esc taken from the rest of the screen). */
export function SearchField({
  id,
  label,
  placeholder,
  value,
  onChange,
  className,
  landmark,
  ref,
}: Props) {
  return (
    <div role={landmark ? 'search' : undefined} className={className}>
      <label htmlFor={id} className="visually-hidden">
        {label}
      </label>
      <input
        ref={ref}
        id={id}
        type="search"
        placeholder={placeholder}
        autoComplete="off"
        spellCheck={false}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Escape' && value) {
            e.preventDefault();
            onChange('');
          }
        }}
      />
    </div>
  );
}
