/** The scopes Tapkey lists for this app, with the words the consent page shows for each. */
export const SCOPE_DESCRIPTIONS: Readonly<Record<string, string>> = {
  'read:owneraccounts': 'See the owner accounts you belong to',
  'read:core:entities': 'See the locks bound to your owner accounts',
  'read:grants': 'See who has access to your locks',
  'read:contacts': 'See the contacts of your owner accounts',
  'read:logs': 'See the access logs of your locks',
  offline_access: 'Stay signed in (issue a refresh token)',
  openid: 'Know who you are',
};

export const API_SCOPES = [
  'read:owneraccounts',
  'read:core:entities',
  'read:grants',
  'read:contacts',
  'read:logs',
] as const;

/** All scopes the sandbox accepts. */
export const SUPPORTED_SCOPES = ['openid', 'offline_access', ...API_SCOPES];
