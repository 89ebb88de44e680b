import type { Ref } from 'react';
import { SearchField } from '../../ui/search-field';

interface Props {
  value: string;
  onChange(value: string): void;
  ref?: Ref<HTMLInputElement>;
}

/** The search field over every lock of every owner account; Esc clears it. */
export function SearchBox({ value, onChange, ref }: Props) {
  return (
    <SearchField
      id="lock-search"
      label="Search all locks"
      placeholder="Search locks by title, ID, type, description or account"
      value={value}
      onChange={onChange}
      className="search-box"
      landmark
      ref={ref}
    />
  );
}
