/** The scopes Tapkey lists for this app, with the words the consent page shows for each. */
export const SCOPE_DESCRIPTIONS: Readonly<Record<string, string>> = {
  'read:owneraccounts': 'See the owner accounts you belong to',
  'read:core:entities': 'See the locks bound to your owner accounts',
  offline_access: 'Stay signed in (issue a refresh token)',
  openid: 'Know who you are',
};

export const API_SCOPES = ['read:owneraccounts', 'read:core:entities'] as const;

/** All scopes the sandbox accepts. */
export const SUPPORTED_SCOPES = ['openid', 'offline_access', ...API_SCOPES];
