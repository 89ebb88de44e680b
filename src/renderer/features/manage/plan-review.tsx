import type { ChangePlan } from '../../../shared/model';
import { bodyText, planCounts, requestLine, stepWhere } from './plan-text';

interface Props {
  plans: readonly ChangePlan[];
}

/**
 * The review step of every change: what is wrong (nothing is sent then), what to know first (warnings such as a
 * revocation list filling up), and exactly the requests that will be sent, with their bodies, as main planned them.
 */
export function PlanReview({ plans }: Props) {
  const problems = plans.flatMap((p) => p.problems);
  const notes = plans.flatMap((p) => p.notes);
  // The same explanation once, even when several plans carry it (a card's keys removed one by one).
  const unique = (level: 'warning' | 'info') => [
    ...new Map(notes.filter((n) => n.level === level).map((n) => [n.message, n])).values(),
  ];
  const warnings = unique('warning');
  const infos = unique('info');
  const steps = plans.flatMap((p) => p.steps.map((s) => ({ plan: p, step: s })));
  const sending = steps.filter((s) => s.step.disposition === 'send' && s.step.request);
  const skipped = steps.filter((s) => s.step.disposition !== 'send');
  return (
    <div className="plan-review" data-testid="plan-review">
      {plans.map((p) => (
        <p key={p.planId} className="plan-title" data-testid="plan-title">
          <strong>{p.title}</strong>
          <span className="plan-counts" data-testid="plan-counts">
            {planCounts(p)}
          </span>
        </p>
      ))}
      {problems.length > 0 && (
        <div className="notice notice-error plan-problems" role="alert" data-testid="plan-problems">
          <p>
            <strong>Nothing will be sent until this is fixed:</strong>
          </p>
          <ul>
            {problems.map((p, i) => (
              <li key={i}>{p.message}</li>
            ))}
          </ul>
        </div>
      )}
      {warnings.length > 0 && (
        <div className="notice notice-warning plan-warnings" data-testid="plan-warnings">
          <p>
            <strong>Before you confirm</strong>
          </p>
          <ul>
            {warnings.map((n) => (
              <li key={n.message} data-code={n.code}>
                {n.message}
              </li>
            ))}
          </ul>
        </div>
      )}
      {infos.length > 0 && (
        <ul className="plan-notes" data-testid="plan-notes">
          {infos.map((n) => (
            <li key={n.message} data-code={n.code}>
              {n.message}
            </li>
          ))}
        </ul>
      )}
      {sending.length > 0 && (
        <>
          <h3 className="plan-heading">
            Exactly what will be sent ({sending.length}{' '}
            {sending.length === 1 ? 'request' : 'requests'})
          </h3>
          <ol className="plan-requests" data-testid="plan-requests">
            {sending.map(({ plan, step }) => {
              const body = bodyText(step.request!);
              return (
                <li key={`${plan.planId}/${step.key}`} data-testid="plan-request">
                  <span className="plan-where">{stepWhere(step)}</span>
                  <code className="plan-line">{requestLine(step.request!)}</code>
                  {body && <pre className="mono plan-body">{body}</pre>}
                </li>
              );
            })}
          </ol>
        </>
      )}
      {skipped.length > 0 && (
        <>
          <h3 className="plan-heading">Not sent ({skipped.length})</h3>
          <ul className="plan-skipped" data-testid="plan-skipped">
            {skipped.map(({ plan, step }) => (
              <li key={`${plan.planId}/${step.key}`}>
                <span className="plan-where">{stepWhere(step)}</span>: {step.reason}
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
