/**
 * A From and a To date field (yyyy-mm-dd, "" for open), each bounded by the other so a picker offers no range
 * that ends before it starts.
 */
export function DateRange(props: {
  from: string;
  to: string;
  onFrom(value: string): void;
  onTo(value: string): void;
  className?: string;
  /** Test ids `{testId}-from` and `{testId}-to`. */
  testId?: string;
}) {
  const { from, to, className, testId } = props;
  const ends = [
    {
      end: 'from',
      label: 'From',
      value: from,
      bounds: { max: to || undefined },
      set: props.onFrom,
    },
    { end: 'to', label: 'To', value: to, bounds: { min: from || undefined }, set: props.onTo },
  ];
  return ends.map((e) => (
    <label key={e.end}>
      <span>{e.label}</span>
      <input
        type="date"
        className={className}
        value={e.value}
        {...e.bounds}
        onChange={(ev) => e.set(ev.target.value)}
        data-testid={testId && `${testId}-${e.end}`}
      />
    </label>
  ));
}
