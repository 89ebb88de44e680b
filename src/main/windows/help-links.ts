import type { HelpTopic } from '../../shared/contract';

/** Where each help topic leads: a fixed table in main, so the renderer can name a page but never an address. */
export const HELP_LINKS: Readonly<Record<HelpTopic, string>> = {
  'register-client': 'https://portal.tapkey.io/',
  'tapkey-portal': 'https://portal.tapkey.io/',
  'developer-docs': 'https://developers.tapkey.io/',
};

/** The hosts a link from the main window may open in the OS browser: Tapkey's own sites, nothing else. */
export function isTapkeyHost(hostname: string): boolean {
  const host = hostname.toLowerCase();
  return (
    host === 'tapkey.com' ||
    host.endsWith('.tapkey.com') ||
    host === 'tapkey.io' ||
    host.endsWith('.tapkey.io')
  );
}
