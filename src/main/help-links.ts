import type { HelpTopic } from '../shared/model';

/**
 * The only pages the renderer can ask main to open, by topic: the page names its intent and main picks the
 * address, so no URL ever crosses IPC (a compromised page cannot use this to launch arbitrary links).
 */
export const HELP_URLS: Readonly<Record<HelpTopic, string>> = {
  // Tapkey registers OAuth clients (and shows their client ids) in its portal.
  'register-client': 'https://portal.tapkey.io/',
  'tapkey-portal': 'https://portal.tapkey.io/',
};
