import type { ReactNode } from 'react';

/** One option of a radio group: its value, its label and, when it needs one, what choosing it means. */
export interface RadioOption<V extends string> {
  id: V;
  label: ReactNode;
  hint?: ReactNode;
}

interface Props<V extends string> {
  /** The group's name; the ids are `{idPrefix}-{option id}` (idPrefix: the name unless given). */
  name: string;
  idPrefix?: string;
  options: ReadonlyArray<RadioOption<V>>;
  value: V | null;
  onChange(value: V): void;
  /** Each option's box ("radio": a line each; "choice": a bordered card), and its hint's class. */
  className?: string;
  hintClassName?: string;
}

/** A radio group's buttons, each with its label and its hint (which describes the button). */
function RadioOptions<V extends string>({
  name,
  idPrefix = name,
  options,
  value,
  onChange,
  className = 'radio',
  hintClassName = 'field-hint',
}: Props<V>) {
  return options.map((o) => {
    const id = `${idPrefix}-${o.id}`;
    return (
      <div className={className} key={o.id}>
        <input
          type="radio"
          id={id}
          name={name}
          value={o.id}
          checked={value === o.id}
          aria-describedby={o.hint ? `${id}-hint` : undefined}
          onChange={() => onChange(o.id)}
        />
        <label htmlFor={id}>{o.label}</label>
        {o.hint && (
          <p className={hintClassName} id={`${id}-hint`}>
            {o.hint}
          </p>
        )}
      </div>
    );
  });
}

interface FieldsetProps<V extends string> extends Props<V> {
  /** The question the group answers (a fieldset's legend names the group for assistive technology). */
  legend: ReactNode;
  legendClassName?: string;
  fieldsetClassName?: string;
  testId?: string;
  /** What follows the options inside the group (the fields an option opens, its error). */
  children?: ReactNode;
}

/** A radio group in a fieldset of its own, named by its legend. */
export function RadioFieldset<V extends string>({
  legend,
  legendClassName,
  fieldsetClassName = 'field',
  testId,
  children,
  ...group
}: FieldsetProps<V>) {
  return (
    <fieldset className={fieldsetClassName} data-testid={testId}>
      <legend className={legendClassName}>{legend}</legend>
      <RadioOptions {...group} />
      {children}
    </fieldset>
  );
}
