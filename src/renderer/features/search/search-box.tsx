import type { Ref } from 'react';

interface Props {
  value: string;
  onChange(value: string): void;
  ref?: Ref<HTMLInputElement>;
}

/** The search field over every lock of every owner account; Esc clears it. */
export function SearchBox({ value, onChange, ref }: Props) {
  return (
    <div role="search" className="search-box">
      <label htmlFor="lock-search" className="visually-hidden">
        Search all locks
      </label>
      <input
        ref={ref}
        id="lock-search"
        type="search"
        placeholder="Search locks by title, ID, type, description or account"
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
