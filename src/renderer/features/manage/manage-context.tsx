import { createContext, useContext } from 'react';
import type { KeyHolder, WriteCapabilities } from '../../../shared/model';
import type { GiveSeed } from './give-access-dialog';
import type { RevokeTarget } from './revoke-dialog';

/** What any screen below the shell may ask of managing access: the dialogs, and whether writing is possible. */
export interface Manage {
  /** Null until main has said. */
  caps: WriteCapabilities | null;
  /** Opens Give access… with what the opener knows filled in. */
  give(seed: GiveSeed): void;
  /** Opens Take access away for one grant. */
  revoke(target: RevokeTarget): void;
  /** Opens Remove all access… for a person or card. */
  removeAll(holder: KeyHolder): void;
  /** The newest change that has been sent (null: none yet): views that list access load again when it changes. */
  lastSent: string | null;
}

/** Outside the shell (a screen tested on its own): read-only, and the dialogs cannot open. */
const readOnly: Manage = {
  caps: null,
  give: () => undefined,
  revoke: () => undefined,
  removeAll: () => undefined,
  lastSent: null,
};

export const ManageContext = createContext<Manage>(readOnly);

/** Managing access as the shell provides it. */
export const useManage = (): Manage => useContext(ManageContext);
