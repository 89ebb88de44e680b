import type { ReactNode } from 'react';
import type { usePlan } from './use-plan';

interface Props {
  plan: Pick<ReturnType<typeof usePlan>, 'sendable' | 'state'>;
  /** Whatever else the dialog needs settled first (a choice made); true when nothing. */
  ready?: boolean;
  /** Red for a change that takes access away. */
  danger?: boolean;
  onSend(): void;
  children: ReactNode;
}

/** A dialog's button that queues its reviewed change: usable only while every plan can be sent and none is on its way. */
export function SendPlanButton({ plan, ready = true, danger = false, onSend, children }: Props) {
  return (
    <button
      type="button"
      className={danger ? 'button button-danger' : 'button button-primary'}
      disabled={!ready || !plan.sendable || plan.state.status === 'submitting'}
      onClick={onSend}
    >
      {children}
    </button>
  );
}
