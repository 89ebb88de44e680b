import type { WriteCapabilities } from '../../../shared/model';

/** One button that changes access. */
interface WriteAction {
  label: string;
  onClick(): void;
  /** Disabled for a reason of its own (besides a sign-in that cannot write). */
  blocked?: boolean;
}

interface Props {
  caps: WriteCapabilities | null;
  /** The id of the hint, for the disabled buttons' aria-describedby. */
  id: string;
  actions: readonly WriteAction[];
  /** The buttons' class (default: "button"). */
  className?: string;
}

/**
 * Buttons that change access and, when this sign-in cannot write, the one line main gives saying what to enable
 * in the Tapkey portal and in Settings. While main has not answered the buttons are disabled, without a hint.
 */
export function WriteGate({ caps, id, actions, className = 'button' }: Props) {
  const enabled = caps?.canWrite === true;
  const hint = !enabled && caps?.hint ? caps.hint : null;
  return (
    <>
      {actions.map((a) => (
        <button
          key={a.label}
          type="button"
          className={className}
          disabled={!enabled || a.blocked}
          aria-describedby={hint ? id : undefined}
          onClick={a.onClick}
        >
          {a.label}
        </button>
      ))}
      {hint && (
        <p className="write-hint" id={id} data-testid="write-hint">
          {hint}
        </p>
      )}
    </>
  );
}
