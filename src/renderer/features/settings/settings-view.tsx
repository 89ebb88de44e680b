import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import type { Settings, SignInMode } from '../../../shared/model';
import type { AppError } from '../../../shared/result';
import { useTapkeyApi } from '../../api-context';
import { ModalDialog } from './modal-dialog';
import { changesServer, firstInvalidField, isDirty, trimmed, visibleErrors } from './settings-form';
import './settings-view.css';

interface Props {
  signedIn: boolean;
  /** The sheet closes: after a save (with the saved settings) or a cancel (null). */
  onClose(saved: Settings | null): void;
}

type TextField = Exclude<keyof Settings, 'signInMode' | 'accessData' | 'manageAccess'>;
const textFields: { name: TextField; label: string; hint: string }[] = [
  {
    name: 'clientId',
    label: 'Client ID',
    hint: 'The ID of your OAuth client in the Tapkey portal.',
  },
  { name: 'issuer', label: 'Authorization server', hint: 'For example https://login.tapkey.com' },
  { name: 'apiBaseUrl', label: 'API base URL', hint: 'For example https://my.tapkey.com/api/v1/' },
  {
    name: 'redirectUri',
    label: 'Redirect URI',
    hint: 'The loopback address registered for your client, on 127.0.0.1 or [::1], e.g. http://127.0.0.1:8111/callback',
  },
];
const modes: { value: SignInMode; label: string; hint: string }[] = [
  {
    value: 'embedded',
    label: 'In an app window',
    hint: 'Tapkey’s sign-in page opens in a window of this app.',
  },
  {
    value: 'system-browser',
    label: 'In my web browser',
    hint: 'Use your default browser, with its saved passwords and security keys.',
  },
];

/**
 * Settings as a sheet over the current screen (which stays mounted underneath, so nothing there is lost):
 * validated as the user types (after leaving a field), saved through main; Cancel or Esc with edits asks first.
 */
export function SettingsSheet({ signedIn, onClose }: Props) {
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

  const errors = values ? visibleErrors(values, touched, submitted) : {};
  const change = (name: keyof Settings, value: string | boolean) => {
    setValues((v) => (v ? { ...v, [name]: value } : v));
    setSaveError(null);
  };
  const touch = (name: keyof Settings) =>
    setTouched((t) => (t.has(name) ? t : new Set(t).add(name)));
  const dirty = !!saved && !!values && isDirty(saved, values);
  const requestClose = () => {
    if (dirty) setConfirming(true);
    else onClose(null);
  };

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
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
    if (r.ok) onClose(r.value);
    else setSaveError(r.error);
  };

  const signsOut = signedIn && saved && values && changesServer(saved, values);
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
          <div className="notice notice-error" role="alert">
            <p>
              <strong>Could not read your settings.</strong> {loadError.message}
            </p>
            <button type="button" className="button" onClick={load}>
              Retry
            </button>
          </div>
        )}
        <form
          className="settings-form"
          onSubmit={(e) => void onSubmit(e)}
          noValidate
          data-testid="settings-form"
        >
          {values && (
            <>
              <p className="settings-note" id="server-note">
                Changing the client ID, authorization server, API base URL or redirect URI signs you
                out: a sign-in is only valid for the server and client it was made with.
              </p>
              {textFields.map((f) => {
                const err = errors[f.name];
                return (
                  <div className="field" key={f.name}>
                    <label htmlFor={f.name}>{f.label}</label>
                    <input
                      id={f.name}
                      name={f.name}
                      type={f.name === 'clientId' ? 'text' : 'url'}
                      value={values[f.name]}
                      spellCheck={false}
                      autoComplete="off"
                      aria-invalid={err ? true : undefined}
                      aria-describedby={`${f.name}-hint${err ? ` ${f.name}-error` : ''}`}
                      onChange={(e) => change(f.name, e.target.value)}
                      onBlur={() => touch(f.name)}
                    />
                    <p className="field-hint" id={`${f.name}-hint`}>
                      {f.hint}
                    </p>
                    {err && (
                      <p
                        className="field-error"
                        id={`${f.name}-error`}
                        data-testid={`${f.name}-error`}
                      >
                        {err}
                      </p>
                    )}
                  </div>
                );
              })}
              <fieldset className="field">
                <legend>Sign in</legend>
                {modes.map((m) => (
                  <div className="radio" key={m.value}>
                    <input
                      type="radio"
                      id={`signInMode-${m.value}`}
                      name="signInMode"
                      value={m.value}
                      checked={values.signInMode === m.value}
                      aria-describedby={`signInMode-${m.value}-hint`}
                      onChange={() => change('signInMode', m.value)}
                    />
                    <label htmlFor={`signInMode-${m.value}`}>{m.label}</label>
                    <p className="field-hint" id={`signInMode-${m.value}-hint`}>
                      {m.hint}
                    </p>
                  </div>
                ))}
                {errors.signInMode && <p className="field-error">{errors.signInMode}</p>}
              </fieldset>
              <div className="field checkbox">
                <input
                  type="checkbox"
                  id="accessData"
                  name="accessData"
                  checked={values.accessData}
                  aria-describedby="accessData-hint"
                  onChange={(e) => change('accessData', e.target.checked)}
                />
                <label htmlFor="accessData">Access data</label>
                <p className="field-hint" id="accessData-hint">
                  Also read who has access to each lock and who opened it (permissions read:grants,
                  read:contacts and read:logs, which your OAuth client in the Tapkey portal must
                  allow).
                </p>
              </div>
              {signedIn && saved && values.accessData && !saved.accessData && (
                <div className="notice notice-warning" data-testid="access-data-note">
                  <p>
                    After saving, sign out and sign in again: Tapkey grants the new permissions only
                    at sign-in.
                  </p>
                </div>
              )}
              {signsOut && (
                <div className="notice notice-warning" data-testid="signs-out-warning">
                  <p>Saving these settings will sign you out.</p>
                </div>
              )}
              {saveError && (
                <div className="notice notice-error" role="alert" data-testid="save-error">
                  <p>
                    <strong>Settings were not saved.</strong> {saveError.message}
                  </p>
                </div>
              )}
            </>
          )}
          <div className="sheet-actions">
            <button type="button" className="button" onClick={requestClose}>
              Cancel
            </button>
            {/* Pressing the mouse would blur the field first; its error then appears and pushes this button away
                before the click lands. Keeping focus where it is lets the click submit, and Save validates everything. */}
            <button
              type="submit"
              className="button button-primary"
              disabled={saving || !values}
              onMouseDown={(e) => e.preventDefault()}
            >
              {saving ? 'Saving…' : 'Save'}
            </button>
          </div>
        </form>
      </section>
      {confirming && (
        <ModalDialog
          labelledBy="discard-heading"
          className="confirm"
          onCancel={() => setConfirming(false)}
          testId="discard-prompt"
        >
          <h2 id="discard-heading">Discard changes?</h2>
          <p>Your changes to the settings have not been saved.</p>
          <div className="sheet-actions">
            <button type="button" className="button" autoFocus onClick={() => setConfirming(false)}>
              Keep editing
            </button>
            <button type="button" className="button button-danger" onClick={() => onClose(null)}>
              Discard
            </button>
          </div>
        </ModalDialog>
      )}
    </ModalDialog>
  );
}
