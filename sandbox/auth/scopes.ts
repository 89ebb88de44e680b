/**
 * Tapkey's documented scopes (developers.tapkey.io/api/scopes, shared/tapkey-api.md "Scopes"), with the words
 * the consent page shows for each. Nothing else exists: an unknown scope answers invalid_scope.
 */
export const SCOPE_DESCRIPTIONS: Readonly<Record<string, string>> = {
  'read:owneraccounts': 'See the owner accounts you belong to',
  'write:owneraccounts': 'Manage your owner accounts',
  'read:core:entities': 'See the locks, lock groups, NFC cards and contacts of your owner accounts',
  'write:core:entities':
    'Manage the locks, lock groups, NFC cards and contacts of your owner accounts',
  'read:grants': 'See who has access to your locks',
  'write:grants': 'Give and take away access to your locks',
  'read:logs': 'See the access logs of your locks',
  'read:owneraccount:permissions': 'See the administrators of your owner accounts',
  'write:owneraccount:permissions': 'Manage the administrators of your owner accounts',
  'read:ip:users': 'See the users of your identity providers',
  'write:ip:users': 'Manage the users of your identity providers',
  offline_access: 'Stay signed in (issue a refresh token)',
};

/** Not in Tapkey's list; accepted unless the option oidcScopes is 'refuse' (then an ID token comes). */
export const OIDC_SCOPES: Readonly<Record<string, string>> = {
  openid: 'Know who you are',
  profile: 'See your name',
};

/** The scope an earlier guess invented; accepted (granting nothing) only with the option acceptReadContacts. */
export const LEGACY_SCOPES: Readonly<Record<string, string>> = {
  'read:contacts': 'Undocumented scope, accepted for older clients (grants nothing)',
};

/** Every scope the sandbox can ever accept, for oidc-provider (which then checks against the options below). */
export const SUPPORTED_SCOPES = [
  ...Object.keys(OIDC_SCOPES),
  ...Object.keys(SCOPE_DESCRIPTIONS),
  ...Object.keys(LEGACY_SCOPES),
];

/** The consent page's wording for a scope. */
export function describeScope(scope: string): string {
  for (const table of [SCOPE_DESCRIPTIONS, OIDC_SCOPES, LEGACY_SCOPES])
    if (Object.hasOwn(table, scope)) return table[scope] as string;
  return scope;
}

/** The scopes of a request the sandbox, as configured, does not know (in request order). */
export function unknownScopes(
  requested: readonly string[],
  accept: { readContacts: boolean; oidc: boolean },
): string[] {
  return requested.filter(
    (s) =>
      !Object.hasOwn(SCOPE_DESCRIPTIONS, s) &&
      !(accept.oidc && Object.hasOwn(OIDC_SCOPES, s)) &&
      !(accept.readContacts && Object.hasOwn(LEGACY_SCOPES, s)),
  );
}

/** The scopes the sandbox accepts with these options (what discovery advertises). */
export function acceptedScopes(accept: { readContacts: boolean; oidc: boolean }): string[] {
  return SUPPORTED_SCOPES.filter((s) => unknownScopes([s], accept).length === 0);
}
