import { useMemo, useState } from 'react';
import type { ChangeEntry, KeyHolder, OwnerAccount } from '../../../shared/model';
import { useTapkeyApi } from '../../api-context';
import { DialogFrame } from './dialog-frame';
import {
  emptyGiveForm,
  giveRequest,
  holderName,
  looksLikeEmail,
  scheduleBlockers,
  whenProblem,
  type GiveForm,
} from './give-form';
import { PlanStatus } from './plan-status';
import { useLoad } from './use-load';
import { SendPlanButton } from './send-plan-button';
import { usePlan } from './use-plan';
import { WhenPicker } from './when-picker';
import { WherePicker } from './where-picker';
import { WhoPicker } from './who-picker';
import { WizardSteps } from './wizard-steps';

/** Where the dialog was opened from: a lock or several (Where filled in), a person or card (Who filled in). */
export interface GiveSeed {
  ownerAccountId: string | null;
  lockIds?: string[];
  holder?: KeyHolder;
}

type Step = 'who' | 'where' | 'when' | 'review';
const STEPS: ReadonlyArray<{ id: Step; label: string }> = [
  { id: 'who', label: 'Who' },
  { id: 'where', label: 'Where' },
  { id: 'when', label: 'When' },
  { id: 'review', label: 'Review' },
];

interface Props {
  seed: GiveSeed;
  /** The user's owner accounts (to pick one when the dialog was opened without); null while loading. */
  accounts: readonly OwnerAccount[] | null;
  onClose(): void;
  /** The change is queued: it waits in the strip, with Undo, then is sent. */
  onQueued(entries: ChangeEntry[]): void;
}

/**
 * Give access…: who (a person, a card or a new e-mail address), where (any of the account's locks), when (a
 * validity preset and an optional weekly schedule where the locks take one), then a review of exactly the
 * requests that will be sent. Confirming queues the change in the undo window.
 */
export function GiveAccessDialog({ seed, accounts, onClose, onQueued }: Props) {
  const api = useTapkeyApi();
  const [form, setForm] = useState<GiveForm>(() => ({
    ...emptyGiveForm(seed.ownerAccountId ?? accounts?.[0]?.id ?? ''),
    lockIds: seed.lockIds ?? [],
    who: seed.holder ? { kind: 'holder', holder: seed.holder } : null,
  }));
  const owner = form.ownerAccountId || accounts?.[0]?.id || '';
  const [step, setStep] = useState<Step>(seed.holder ? 'where' : 'who');
  const [whoQuery, setWhoQuery] = useState('');
  const [whereQuery, setWhereQuery] = useState('');
  const people = useLoad(owner || null, () => api.listPeople(owner));
  const features = useLoad(owner || null, () => api.listLockFeatures(owner));
  const plan = usePlan();
  const [now] = useState(() => new Date());

  const blockers = useMemo(
    () => scheduleBlockers(form.lockIds, features.status === 'loaded' ? features.value.locks : []),
    [form.lockIds, features],
  );
  const whoOk =
    form.who !== null && (form.who.kind === 'holder' || looksLikeEmail(form.who.identifier));
  const whereOk = form.lockIds.length > 0;
  const whenIssue = whenProblem(form, now, blockers);
  const ok: Record<Step, boolean> = {
    who: whoOk,
    where: whereOk,
    when: whenIssue === null,
    review: whoOk && whereOk && whenIssue === null,
  };
  const index = STEPS.findIndex((s) => s.id === step);
  const reachable = (s: Step) =>
    STEPS.slice(
      0,
      STEPS.findIndex((x) => x.id === s),
    ).every((x) => ok[x.id]);

  const go = (s: Step) => {
    if (s === 'review') void plan.preview([giveRequest({ ...form, ownerAccountId: owner }, now)]);
    else plan.reset();
    setStep(s);
  };
  const edit = (next: GiveForm) => {
    setForm(next);
    plan.reset();
  };
  const confirm = async () => {
    const entries = await plan.submit();
    if (entries) {
      onQueued(entries);
      onClose();
    }
  };

  const account = accounts?.find((a) => a.id === owner);
  const who = form.who
    ? form.who.kind === 'email'
      ? form.who.identifier
      : holderName(form.who.holder)
    : null;
  const next = STEPS[index + 1];
  const blocked =
    step === 'who'
      ? 'Choose a person or card, or type an e-mail address.'
      : step === 'where'
        ? 'Choose at least one lock.'
        : null;
  return (
    <DialogFrame
      id="give-dialog"
      title="Give access"
      subtitle={
        <>
          {who ? `To ${who}` : 'To someone'} · {form.lockIds.length}{' '}
          {form.lockIds.length === 1 ? 'lock' : 'locks'}
          {account ? ` · ${account.name || account.id}` : ''}
        </>
      }
      onCancel={onClose}
      busy={plan.state.status === 'previewing'}
      steps={<WizardSteps steps={STEPS} current={step} reachable={reachable} onStep={go} />}
      actions={
        <>
          {index > 0 && (
            <button type="button" className="button" onClick={() => go(STEPS[index - 1]!.id)}>
              Back
            </button>
          )}
          {next ? (
            <button
              type="button"
              className="button button-primary"
              disabled={!ok[step]}
              onClick={() => go(next.id)}
            >
              {next.id === 'review' ? 'Review' : 'Next'}
            </button>
          ) : (
            <SendPlanButton plan={plan} onSend={() => void confirm()}>
              {plan.state.status === 'submitting' ? 'Queuing…' : 'Give access'}
            </SendPlanButton>
          )}
        </>
      }
    >
      {step === 'who' && (
        <>
          {!seed.ownerAccountId && accounts && accounts.length > 1 && (
            <div className="field">
              <label className="field-label" htmlFor="give-account">
                Owner account
              </label>
              <select
                id="give-account"
                className="select"
                value={owner}
                onChange={(e) => edit({ ...emptyGiveForm(e.target.value) })}
              >
                {accounts.map((a) => (
                  <option key={a.id} value={a.id}>
                    {a.name || a.id}
                  </option>
                ))}
              </select>
            </div>
          )}
          <WhoPicker
            people={people}
            query={whoQuery}
            onQuery={setWhoQuery}
            who={form.who}
            onWho={(w) => edit({ ...form, who: w })}
          />
        </>
      )}
      {step === 'where' && (
        <WherePicker
          features={features}
          query={whereQuery}
          onQuery={setWhereQuery}
          lockIds={form.lockIds}
          onLockIds={(ids) => edit({ ...form, lockIds: ids })}
        />
      )}
      {step === 'when' && (
        <WhenPicker form={form} onForm={edit} blockers={blockers} problem={whenIssue} />
      )}
      {step === 'review' && (
        <PlanStatus
          state={plan.state}
          onRetry={() => void plan.preview([giveRequest({ ...form, ownerAccountId: owner }, now)])}
        />
      )}
      {blocked && !ok[step] && (
        <p className="muted wizard-hint" data-testid="give-step-hint">
          {blocked}
        </p>
      )}
    </DialogFrame>
  );
}
