interface Props<S extends string> {
  steps: ReadonlyArray<{ id: S; label: string }>;
  current: S;
  /** Steps the user may jump to (the ones before the current one, and any already valid). */
  reachable(step: S): boolean;
  onStep(step: S): void;
}

/**
 * The steps of a dialog as a numbered list; the current one is marked, earlier ones can be gone back to. Each is
 * named "Step N of M: label", so a step never shares its name with the button that moves on to it ("Review").
 */
export function WizardSteps<S extends string>({ steps, current, reachable, onStep }: Props<S>) {
  return (
    <ol className="wizard-steps" aria-label="Steps">
      {steps.map((s, i) => (
        <li key={s.id}>
          <button
            type="button"
            className="wizard-step-button"
            aria-current={s.id === current ? 'step' : undefined}
            aria-label={`Step ${i + 1} of ${steps.length}: ${s.label}`}
            disabled={s.id !== current && !reachable(s.id)}
            onClick={() => onStep(s.id)}
          >
            <span className="wizard-step-number" aria-hidden="true">
              {i + 1}
            </span>
            {s.label}
          </button>
        </li>
      ))}
    </ol>
  );
}
