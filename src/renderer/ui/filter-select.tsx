/** One labelled filter select: "" stands for any value (its text is `any`), then the named options. */
export function FilterSelect(props: {
  label: string;
  value: string;
  any: string;
  options: ReadonlyArray<readonly [value: string, text: string]>;
  onChange(value: string): void;
  disabled?: boolean;
  /** Why it is disabled, on hover. */
  title?: string | undefined;
  testId?: string;
}) {
  return (
    <label>
      <span>{props.label}</span>
      <select
        className="select"
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
        disabled={props.disabled}
        title={props.title}
        data-testid={props.testId}
      >
        <option value="">{props.any}</option>
        {props.options.map(([value, text]) => (
          <option key={value} value={value}>
            {text}
          </option>
        ))}
      </select>
    </label>
  );
}
