import type { FormEvent } from 'react';
import type { Settings, SignInMode } from '../../../shared/model';
import type { AppError } from '../../../shared/result';
import { portalPermissionOf, SCOPES, WRITE_SCOPES } from '../../../shared/scopes';
import { SERVER_FIELDS } from '../../../shared/settings-change';
import type { SettingsErrors } from '../../../shared/settings-validation';
import { SettingsTextField } from './text-field';
import { ErrorNotice } from '../../ui/error-notice';
import { RadioFieldset, type RadioOption } from '../../ui/radio-options';

const modes: RadioOption<SignInMode>[] = [
  {
    id: 'embedded',
    label: 'In an app window',
    hint: 'Tapkey’s sign-in page opens in a window of this app.',
  },
  {
    id: 'system-browser',
    label: 'In my web browser',
    hint: 'Use your default browser, with its saved passwords and security keys.',
  },
];

/** Why main did not save the settings (nothing when it did, or was not asked yet). */
export function NotSaved({ error, testId }: { error: AppError | null; testId: string }) {
  return (
    error && (
      <ErrorNotice title="Settings were not saved." message={error.message} testId={testId} />
    )
  );
}

interface Props {
  /** What the form holds; null while main's settings are still loading (only the actions show). */
  values: Settings | null;
  /** The problems to show now (see visibleErrors). */
  errors: SettingsErrors;
  /** Saving these values would end the session: warn before Save. */
  signsOut: boolean;
  /** Access data or Manage access was just turned on while signed in: the new permissions need a new sign-in. */
  accessNeedsSignIn: boolean;
  /** Manage access was just turned on while signed in: saving ends with a new sign-in, which the form says. */
  manageNeedsSignIn: boolean;
  saveError: AppError | null;
  saving: boolean;
  onChange(name: keyof Settings, value: string | boolean): void;
  onBlur(name: keyof Settings): void;
  onSubmit(): void;
  onCancel(): void;
}

/** The Settings form itself: server fields, sign-in mode, access data, warnings, and Cancel / Save. */
export function SettingsFormView({
  values,
  errors,
  signsOut,
  accessNeedsSignIn,
  manageNeedsSignIn,
  saveError,
  saving,
  onChange,
  onBlur,
  onSubmit,
  onCancel,
}: Props) {
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onSubmit();
  };
  return (
    <form className="settings-form" onSubmit={submit} noValidate data-testid="settings-form">
      {values && (
        <>
          <p className="settings-note" id="server-note">
            Changing the client ID, authorization server, API base URL or redirect URI signs you
            out: a sign-in is only valid for the server and client it was made with.
          </p>
          {SERVER_FIELDS.map((name) => (
            <SettingsTextField
              key={name}
              name={name}
              id={name}
              value={values[name]}
              error={errors[name]}
              onChange={(v) => onChange(name, v)}
              onBlur={() => onBlur(name)}
            />
          ))}
          <RadioFieldset
            legend="Sign in"
            name="signInMode"
            options={modes}
            value={values.signInMode}
            onChange={(mode) => onChange('signInMode', mode)}
          >
            {errors.signInMode && <p className="field-error">{errors.signInMode}</p>}
          </RadioFieldset>
          <div className="field checkbox">
            <input
              type="checkbox"
              id="accessData"
              name="accessData"
              checked={values.accessData}
              aria-describedby="accessData-hint"
              onChange={(e) => onChange('accessData', e.target.checked)}
            />
            <label htmlFor="accessData">Access data</label>
            <p className="field-hint" id="accessData-hint">
              Also read who has access to each lock and who opened it: the scopes {SCOPES.grants}{' '}
              and {SCOPES.logs}, which your OAuth client must allow in the Tapkey portal
              (permissions {portalPermissionOf(SCOPES.grants)} and {portalPermissionOf(SCOPES.logs)}
              ). People’s names come with {SCOPES.coreEntities}, which the app always asks for.
            </p>
          </div>
          <div className="field checkbox">
            <input
              type="checkbox"
              id="manageAccess"
              name="manageAccess"
              checked={values.manageAccess === true}
              aria-describedby="manageAccess-hint"
              onChange={(e) => onChange('manageAccess', e.target.checked)}
            />
            <label htmlFor="manageAccess">Manage access</label>
            <p className="field-hint" id="manageAccess-hint">
              Also give and take away access: the scopes {WRITE_SCOPES.join(' and ')}, on top of
              Access data, which your OAuth client must allow in the Tapkey portal (permissions{' '}
              {WRITE_SCOPES.map(portalPermissionOf).join(' and ')}). Every change shows exactly what
              will be sent, then waits a few seconds so you can undo it.
            </p>
          </div>
          {manageNeedsSignIn && (
            <div className="notice notice-warning" data-testid="manage-access-note">
              <p>
                Tapkey grants new permissions only at sign-in, so saving signs you out and takes you
                to Tapkey’s sign-in. Sign in as before; Tapkey then asks you to allow changing
                access.
              </p>
            </div>
          )}
          {accessNeedsSignIn && (
            <div className="notice notice-warning" data-testid="access-data-note">
              <p>
                After saving, sign out and sign in again: Tapkey grants the new permissions only at
                sign-in.
              </p>
            </div>
          )}
          {signsOut && (
            <div className="notice notice-warning" data-testid="signs-out-warning">
              <p>Saving these settings will sign you out.</p>
            </div>
          )}
          <NotSaved error={saveError} testId="save-error" />
        </>
      )}
      <div className="sheet-actions">
        <button type="button" className="button" onClick={onCancel}>
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
          {saving ? 'Saving…' : manageNeedsSignIn ? 'Save and sign in again' : 'Save'}
        </button>
      </div>
    </form>
  );
}
