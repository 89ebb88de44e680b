// Managing access as the shell provides it to a screen, with every dialog opener a spy: a screen's test asks
// which dialog it opened, for what, without the dialogs themselves.
import { vi } from 'vitest';
import type { Manage } from '../../src/renderer/features/manage/manage-context';
import type { WriteCapabilities } from '../../src/shared/model';

/** A Manage whose give, revoke and removeAll are spies, with these capabilities and nothing sent yet. */
export function manageSpy(caps: WriteCapabilities | null): Manage {
  return { caps, give: vi.fn(), revoke: vi.fn(), removeAll: vi.fn(), lastSent: null };
}
