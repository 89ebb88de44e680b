import type { KeyboardEvent } from 'react';

/** The search over a wizard step's choices (who, where), with its visible label above it. */
export function PickerSearch(props: {
  id: string;
  label: string;
  query: string;
  onQuery(query: string): void;
  onKeyDown?: (e: KeyboardEvent<HTMLInputElement>) => void;
}) {
  return (
    <>
      <label className="field-label" htmlFor={props.id}>
        {props.label}
      </label>
      <input
        id={props.id}
        type="search"
        className="wide-input"
        value={props.query}
        autoComplete="off"
        onChange={(e) => props.onQuery(e.target.value)}
        onKeyDown={props.onKeyDown}
      />
    </>
  );
}
