/**
 * The OAuth scopes the app asks for and names in its messages: one list for main (sign-in and the Tapkey
 * client), the CLI and the renderer, so a scope is renamed in one place.
 */
export const SCOPES = {
  ownerAccounts: 'read:owneraccounts',
  coreEntities: 'read:core:entities',
  grants: 'read:grants',
  contacts: 'read:contacts',
  logs: 'read:logs',
  offlineAccess: 'offline_access',
  writeGrants: 'write:grants',
  writeCoreEntities: 'write:core:entities',
} as const;

/** The scopes the app asks for: owner accounts, bound locks, and a refresh token to stay signed in. */
export const DEFAULT_SCOPES = [
  SCOPES.ownerAccounts,
  SCOPES.coreEntities,
  SCOPES.offlineAccess,
] as const;

/** Asked for as well when the user turns on "Access data" (Settings) or runs `tapkey-locks login --access`. */
export const ACCESS_SCOPES = [SCOPES.grants, SCOPES.contacts, SCOPES.logs] as const;

/**
 * Asked for as well when the user turns on "Manage access" (Settings) or runs `tapkey-locks login --manage`:
 * adding and revoking grants, and creating the contact a grant by e-mail needs. Writing also needs the access
 * scopes (to look before and after each change), so Manage access asks for those too.
 */
export const WRITE_SCOPES = [SCOPES.writeGrants, SCOPES.writeCoreEntities] as const;
