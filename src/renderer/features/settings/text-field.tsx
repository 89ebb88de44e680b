import type { Settings } from '../../../shared/model';
import { SETTINGS_FIELDS } from '../../../shared/settings-fields';

type TextName = keyof typeof SETTINGS_FIELDS;

interface Props {
  name: TextName;
  /** The input's id; its hint and error take it as a prefix (`<id>-hint`, `<id>-error`). */
  id: string;
  value: string;
  /** The problem to show under the field (none: valid, or not to be shown yet). */
  error: string | undefined;
  onChange(value: string): void;
  onBlur?(): void;
}

/** One server or client setting: its label and hint (shared with validation), the input, and its problem. */
export function SettingsTextField({ name, id, value, error, onChange, onBlur }: Props) {
  const text = SETTINGS_FIELDS[name];
  return (
    <div className="field">
      <label htmlFor={id}>{text.label}</label>
      <input
        id={id}
        name={name satisfies keyof Settings}
        type={name === 'clientId' ? 'text' : 'url'}
        value={value}
        spellCheck={false}
        autoComplete="off"
        aria-invalid={error ? true : undefined}
        aria-describedby={`${id}-hint${error ? ` ${id}-error` : ''}`}
        onChange={(e) => onChange(e.target.value)}
        onBlur={onBlur}
      />
      <p className="field-hint" id={`${id}-hint`}>
        {text.hint}
      </p>
      {error && (
        <p className="field-error" id={`${id}-error`} data-testid={`${id}-error`}>
          {error}
        </p>
      )}
    </div>
  );
}
