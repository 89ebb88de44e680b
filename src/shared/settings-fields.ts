import type { SERVER_FIELDS } from './settings-change';

/** How a setting is named and explained wherever the app asks for it or names it in an error. */
export interface SettingsFieldText {
  label: string;
  /** One line under the field: what goes there. Any example in it passes validation. */
  hint: string;
  /** The example the hint gives, if any. */
  example?: string;
}

/**
 * The server and client settings as the user sees them: the Settings sheet, the first-run setup and validation
 * messages (shown by the app and printed by the CLI) all take their names and hints from here.
 */
export const SETTINGS_FIELDS = {
  clientId: {
    label: 'Client ID',
    hint: 'The ID of your OAuth client, shown in the Tapkey portal after you register it.',
  },
  issuer: {
    label: 'Authorization server',
    hint: 'For example https://login.tapkey.com',
    example: 'https://login.tapkey.com',
  },
  apiBaseUrl: {
    label: 'API base URL',
    hint: 'For example https://my.tapkey.com/api/v1/',
    example: 'https://my.tapkey.com/api/v1/',
  },
  redirectUri: {
    label: 'Redirect URI',
    hint:
      'A loopback address on 127.0.0.1 or [::1] with a port, e.g. http://127.0.0.1:8111/callback; ' +
      'register exactly the same one in the Tapkey portal.',
    example: 'http://127.0.0.1:8111/callback',
  },
} as const satisfies Record<(typeof SERVER_FIELDS)[number], SettingsFieldText>;
