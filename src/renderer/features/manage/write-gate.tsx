import type { ReactNode } from 'react';
import type { WriteCapabilities } from '../../../shared/model';

interface Props {
  caps: WriteCapabilities | null;
  /** The id of the hint, for the disabled control's aria-describedby. */
  id: string;
  /** The control when writing is possible; rendered disabled (with the hint) when not. */
  children(enabled: boolean, describedBy: string | undefined): ReactNode;
}

/**
 * A write control and, when this sign-in cannot write, the one line main gives saying what to enable in the
 * Tapkey portal and in Settings. While main has not answered the control is disabled, without a hint.
 */
export function WriteGate({ caps, id, children }: Props) {
  const enabled = caps?.canWrite === true;
  const hint = !enabled && caps?.hint ? caps.hint : null;
  return (
    <>
      {children(enabled, hint ? id : undefined)}
      {hint && (
        <p className="write-hint" id={id} data-testid="write-hint">
          {hint}
        </p>
      )}
    </>
  );
}
