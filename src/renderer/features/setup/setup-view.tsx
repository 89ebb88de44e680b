import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import type { Settings } from '../../../shared/model';
import type { AppError } from '../../../shared/result';
import { useTapkeyApi } from '../../api-context';
import { firstInvalidField, trimmed } from '../settings/settings-form';
import { SettingsTextField } from '../settings/text-field';
import {
  applyPreset,
  presetOf,
  serverChoices,
  setupErrors,
  type ServerPreset,
} from './server-presets';
import { NotSaved } from '../settings/settings-form-view';
import { RadioFieldset } from '../../ui/radio-options';
import '../settings/settings-view.css';
import './setup-view.css';

interface Props {
  /** The settings main has (a fresh install: no client id yet). */
  saved: Settings;
  /** Called with the stored settings; the shell then starts the sign-in. */
  onSaved(settings: Settings): void;
}

/**
 * The first-run step: what to register in the Tapkey portal (redirect URI, with a copy button), the client id
 * Tapkey gave back, and which server; "Save and sign in" stores it through main and goes straight to sign-in.
 */
export function SetupView({ saved, onSaved }: Props) {
  const api = useTapkeyApi();
  const choices = useMemo(() => serverChoices(saved), [saved]);
  const [values, setValues] = useState<Settings>(saved);
  const [preset, setPreset] = useState<ServerPreset['id']>(() => presetOf(saved, choices));
  const [submitted, setSubmitted] = useState(false);
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<AppError | null>(null);
  const [copied, setCopied] = useState<'ok' | 'failed' | null>(null);
  const advancedRef = useRef<HTMLDetailsElement>(null);
  // The one thing a new user must type: start there.
  useEffect(() => document.getElementById('setup-clientId')?.focus(), []);

  const errors = submitted ? setupErrors(values) : {};
  const set = (patch: Partial<Settings>) => {
    setValues((v) => ({ ...v, ...patch }));
    setSaveError(null);
  };
  const pick = (id: ServerPreset['id']) => {
    setPreset(id);
    const p = choices.find((c) => c.id === id)!;
    setValues((v) => applyPreset(v, p));
    // Custom means typing the URLs: show them.
    if (id === 'custom' && advancedRef.current) advancedRef.current.open = true;
  };
  const copyRedirect = () => {
    navigator.clipboard.writeText(values.redirectUri.trim()).then(
      () => setCopied('ok'),
      () => setCopied('failed'),
    );
  };

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    setSubmitted(true);
    const problems = setupErrors(values);
    const first = firstInvalidField(problems);
    if (first) {
      if (first !== 'clientId' && advancedRef.current) advancedRef.current.open = true;
      document.getElementById(`setup-${first}`)?.focus();
      return;
    }
    setSaving(true);
    const r = await api.saveSettings(trimmed(values));
    setSaving(false);
    if (r.ok) onSaved(r.value);
    else setSaveError(r.error);
  };

  const field = (name: 'clientId' | 'issuer' | 'apiBaseUrl' | 'redirectUri') => (
    <SettingsTextField
      name={name}
      id={`setup-${name}`}
      value={values[name]}
      error={errors[name]}
      onChange={(value) => {
        set({ [name]: value });
        if (name === 'issuer' || name === 'apiBaseUrl') setPreset('custom');
      }}
    />
  );

  return (
    <section className="setup" aria-labelledby="setup-heading">
      <h2 id="setup-heading">Set up Tapkey Locks</h2>
      <p>
        Tapkey Locks signs in with an OAuth client that you register once in the Tapkey portal. It
        lists the locks of your owner accounts; your password goes only to Tapkey.
      </p>
      <form onSubmit={(e) => void onSubmit(e)} noValidate>
        <ol className="setup-steps">
          <li>
            <h3>Register this app in the Tapkey portal</h3>
            <p>
              Create an OAuth client of type “native app” and add this redirect URI exactly as
              shown:
            </p>
            <div className="copy-field">
              <code className="mono" data-testid="setup-redirect-uri">
                {values.redirectUri}
              </code>
              <button type="button" className="button" onClick={copyRedirect}>
                Copy
              </button>
              <span role="status" className="copy-note">
                {copied === 'ok'
                  ? 'Copied.'
                  : copied === 'failed'
                    ? 'Could not copy: select the address and copy it.'
                    : ''}
              </span>
            </div>
            <p>
              <button
                type="button"
                className="link-button"
                onClick={() => void api.openHelp('register-client')}
              >
                Open the Tapkey portal
              </button>{' '}
              (opens in your web browser)
            </p>
          </li>
          <li>
            <h3>Enter the client ID Tapkey gave you</h3>
            {field('clientId')}
          </li>
          <li>
            <h3>Choose the server</h3>
            <RadioFieldset
              legend="Server"
              legendClassName="visually-hidden"
              fieldsetClassName="field server-picker"
              name="server"
              options={choices}
              value={preset}
              onChange={pick}
            />
            <details className="advanced" ref={advancedRef}>
              <summary>Advanced</summary>
              {field('issuer')}
              {field('apiBaseUrl')}
              {field('redirectUri')}
            </details>
          </li>
        </ol>
        <NotSaved error={saveError} testId="setup-error" />
        <div className="setup-actions">
          <button type="submit" className="button button-primary button-large" disabled={saving}>
            {saving ? 'Saving…' : 'Save and sign in'}
          </button>
        </div>
      </form>
    </section>
  );
}
