import { ErrorNotice } from '../../ui/error-notice';
import { PlanReview } from './plan-review';
import type { PlanState } from './use-plan';

interface Props {
  state: PlanState;
  /** Previews again (after an error, or when a plan expired). */
  onRetry(): void;
}

/** The review step's body: working out the plan, the plan itself, or why it could not be worked out or sent. */
export function PlanStatus({ state, onRetry }: Props) {
  if (state.status === 'previewing' || state.status === 'idle')
    return (
      <p className="muted" role="status" data-testid="plan-loading">
        Working out exactly what will be sent…
      </p>
    );
  return (
    <>
      {state.status === 'error' && (
        <ErrorNotice
          title={
            state.plans.length
              ? 'The change was not queued.'
              : 'Could not work out what would be sent.'
          }
          message={state.error.message}
          onRetry={onRetry}
          testId="plan-error"
        />
      )}
      {state.plans.length > 0 && <PlanReview plans={state.plans} />}
    </>
  );
}
