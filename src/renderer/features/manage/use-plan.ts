import { useCallback, useRef, useState } from 'react';
import type { ChangeEntry, ChangePlan, ChangeRequest } from '../../../shared/model';
import type { AppError } from '../../../shared/result';
import { useTapkeyApi } from '../../api-context';

/** Where a change is on its way from the dialog: previewing, reviewed, submitting, or stopped by an error. */
export type PlanState =
  | { status: 'idle' }
  | { status: 'previewing' }
  | { status: 'reviewed'; plans: ChangePlan[] }
  | { status: 'submitting'; plans: ChangePlan[] }
  | { status: 'error'; error: AppError; plans: ChangePlan[] };

/**
 * Previews one or more changes (main reads Tapkey and says exactly what would be sent; nothing is sent), then
 * submits the reviewed plans into the undo window. A newer preview makes answers to an older one stale.
 */
export function usePlan() {
  const api = useTapkeyApi();
  const [state, setState] = useState<PlanState>({ status: 'idle' });
  const generation = useRef(0);

  const preview = useCallback(
    async (requests: readonly ChangeRequest[]) => {
      const gen = ++generation.current;
      setState({ status: 'previewing' });
      const answers = await Promise.all(requests.map((r) => api.previewChange(r)));
      if (gen !== generation.current) return;
      const failed = answers.find((a) => !a.ok);
      if (failed && !failed.ok) setState({ status: 'error', error: failed.error, plans: [] });
      else setState({ status: 'reviewed', plans: answers.map((a) => (a.ok ? a.value : null)!) });
    },
    [api],
  );

  /** Submits every reviewed plan, in order; resolves with the queued changes, or null when one was refused. */
  const submit = useCallback(async (): Promise<ChangeEntry[] | null> => {
    if (state.status !== 'reviewed' && state.status !== 'error') return null;
    const plans = state.plans;
    if (!plans.length) return null;
    const gen = ++generation.current;
    setState({ status: 'submitting', plans });
    const entries: ChangeEntry[] = [];
    for (const plan of plans) {
      const r = await api.submitChange(plan.planId);
      if (!r.ok) {
        if (gen === generation.current)
          setState({
            status: 'error',
            // Plans already queued wait in the strip (with Undo); the rest are not sent.
            error:
              entries.length > 0
                ? { ...r.error, message: `${r.error.message} The earlier parts are queued.` }
                : r.error,
            plans,
          });
        return null;
      }
      entries.push(r.value);
    }
    return entries;
  }, [api, state]);

  const reset = useCallback(() => {
    generation.current++;
    setState({ status: 'idle' });
  }, []);

  const plans = state.status === 'idle' || state.status === 'previewing' ? [] : state.plans;
  return {
    state,
    plans,
    /** Every plan can be sent: no problem anywhere and something to send. */
    sendable: plans.length > 0 && plans.every((p) => p.sendable),
    preview,
    submit,
    reset,
  };
}
