import type { AppInfo } from '../shared/model';
import { useTapkeyApi } from './api-context';
import { ModalDialog } from './features/settings/modal-dialog';
import { ShortcutsHelp } from './shortcuts-help';

/** Help → About: the version (moved here from the header), where the app signs in, and the keyboard shortcuts. */
export function AboutDialog({ info, onClose }: { info: AppInfo | null; onClose(): void }) {
  const api = useTapkeyApi();
  return (
    <ModalDialog
      labelledBy="about-heading"
      className="about"
      onCancel={onClose}
      testId="about-dialog"
    >
      <h2 id="about-heading">{info?.name ?? 'Tapkey Locks'}</h2>
      <p data-testid="app-version">{info ? `Version ${info.version}` : 'Loading…'}</p>
      {info?.issuer && (
        <p>
          Signs in at <span className="mono">{info.issuer}</span>
          {info.sandbox ? ' (local sandbox)' : ''}.
        </p>
      )}
      <p>
        Lists the locks bound to your Tapkey owner accounts. Your sign-in is kept in your system
        keychain.
      </p>
      <ShortcutsHelp />
      <div className="sheet-actions">
        <button type="button" className="button" onClick={() => void api.openHelp('tapkey-portal')}>
          Tapkey portal
        </button>
        <button type="button" className="button button-primary" autoFocus onClick={onClose}>
          Close
        </button>
      </div>
    </ModalDialog>
  );
}
