import { useCallback, useEffect, useRef, useState } from 'react';
import type { Settings } from '../../../shared/model';
import type { AppError } from '../../../shared/result';
import { useTapkeyApi } from '../../api-context';
import { DiscardPrompt } from './discard-prompt';
import { ModalDialog } from './modal-dialog';
import {
  firstInvalidField,
  isDirty,
  needsNewSignIn,
  signsOutOnSave,
  trimmed,
  visibleErrors,
  withEdit,
} from './settings-form';
import { SettingsFormView } from './settings-form-view';
import { ErrorNotice } from '../../ui/error-notice';
import './settings-view.css';

interface Props {
  signedIn: boolean;
  /** The current sign-in may already change access (it holds the write permissions). */
  canWrite?: boolean;
  /**
   * The sheet closes: after a save (with the saved settings) or a cancel (null). `signInAgain`: the save turned
   * Manage access on, and the new permissions come only with a new sign-in, which the shell starts.
   */
  onClose(saved: Settings | null, signInAgain?: boolean): void;
}

/**
 * Settings as a sheet over the current screen (which stays mounted underneath, so nothing there is lost):
 * validated as the user types (after leaving a field), saved through main; Cancel or Esc with edits asks first.
 */
export function SettingsSheet({ signedIn, canWrite = false, onClose }: Props) {
  const api = useTapkeyApi();
  const [saved, setSaved] = useState<Settings | null>(null);
  const [values, setValues] = useState<Settings | null>(null);
  const [loadError, setLoadError] = useState<AppError | null>(null);
  const [saveError, setSaveError] = useState<AppError | null>(null);
  const [touched, setTouched] = useState<ReadonlySet<keyof Settings>>(new Set());
  const [submitted, setSubmitted] = useState(false);
  const [saving, setSaving] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const headingRef = useRef<HTMLHeadingElement>(null);

  const load = useCallback(() => {
    void api.getSettings().then((r) => {
      setLoadError(r.ok ? null : r.error);
      if (r.ok) {
        setSaved(r.value);
        setValues(r.value);
      }
    });
  }, [api]);
  useEffect(load, [load]);
  useEffect(() => headingRef.current?.focus(), []);

  const change = (name: keyof Settings, value: string | boolean) => {
    setValues((v) => (v ? withEdit(v, name, value) : v));
    setSaveError(null);
  };
  const touch = (name: keyof Settings) =>
    setTouched((t) => (t.has(name) ? t : new Set(t).add(name)));
  const dirty = !!saved && !!values && isDirty(saved, values);
  const signInAgain = !!saved && !!values && needsNewSignIn(signedIn, canWrite, saved, values);
  const requestClose = () => {
    if (dirty) setConfirming(true);
    else onClose(null);
  };

  const submit = async () => {
    if (!values) return;
    setSubmitted(true);
    const first = firstInvalidField(visibleErrors(values, touched, true));
    if (first) {
      document.getElementById(first === 'signInMode' ? 'signInMode-embedded' : first)?.focus();
      return;
    }
    setSaving(true);
    const r = await api.saveSettings(trimmed(values));
    setSaving(false);
    if (r.ok) onClose(r.value, signInAgain);
    else setSaveError(r.error);
  };

  return (
    <ModalDialog
      labelledBy="settings-heading"
      className="settings-sheet"
      onCancel={confirming ? () => setConfirming(false) : requestClose}
      testId="settings-sheet"
    >
      <section className="settings">
        <h2 id="settings-heading" tabIndex={-1} ref={headingRef}>
          Settings
        </h2>
        {loadError && (
          <ErrorNotice
            title="Could not read your settings."
            message={loadError.message}
            onRetry={load}
          />
        )}
        <SettingsFormView
          values={values}
          errors={values ? visibleErrors(values, touched, submitted) : {}}
          signsOut={!!saved && !!values && signsOutOnSave(signedIn, saved, values)}
          accessNeedsSignIn={
            signedIn && !signInAgain && !!values?.accessData && !!saved && !saved.accessData
          }
          manageNeedsSignIn={signInAgain}
          saveError={saveError}
          saving={saving}
          onChange={change}
          onBlur={touch}
          onSubmit={() => void submit()}
          onCancel={requestClose}
        />
      </section>
      {confirming && (
        <DiscardPrompt onKeepEditing={() => setConfirming(false)} onDiscard={() => onClose(null)} />
      )}
    </ModalDialog>
  );
}
