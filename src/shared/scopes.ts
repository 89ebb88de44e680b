/**
 * The OAuth scopes the app asks for and names in its messages: one list for main (sign-in and the Tapkey
 * client), the CLI and the renderer, so a scope is renamed in one place. Only scopes Tapkey documents
 * (developers.tapkey.io/api/scopes): its authorization server answers any other with `invalid_scope`.
 */
export const SCOPES = {
  ownerAccounts: 'read:owneraccounts',
  /** Locks, lock groups, NFC cards and contacts (the people who hold grants). */
  coreEntities: 'read:core:entities',
  grants: 'read:grants',
  logs: 'read:logs',
  offlineAccess: 'offline_access',
  writeGrants: 'write:grants',
  writeCoreEntities: 'write:core:entities',
} as const;

/** The scopes the app asks for: owner accounts, locks, cards and contacts, and a refresh token to stay signed in. */
export const DEFAULT_SCOPES = [
  SCOPES.ownerAccounts,
  SCOPES.coreEntities,
  SCOPES.offlineAccess,
] as const;

/** Asked for as well when the user turns on "Access data" (Settings) or runs `tapkey-locks login --access`. */
export const ACCESS_SCOPES = [SCOPES.grants, SCOPES.logs] as const;

/**
 * Where each scope is allowed in the Tapkey portal: an OAuth client's Permissions section lists Owners, Core
 * Entities, Grants, Logs … each as ReadOnly or ReadAndWrite.
 */
const PORTAL_PERMISSIONS: Readonly<Record<string, string>> = {
  'read:owneraccounts': 'Owners (read-only)',
  'write:owneraccounts': 'Owners (read and write)',
  'read:core:entities': 'Core Entities (read-only)',
  'write:core:entities': 'Core Entities (read and write)',
  'read:grants': 'Grants (read-only)',
  'write:grants': 'Grants (read and write)',
  'read:logs': 'Logs (read-only)',
  'read:owneraccount:permissions': 'Permissions (read-only)',
  'write:owneraccount:permissions': 'Permissions (read and write)',
};

/** The portal permission that allows `scope`, e.g. "Logs (read-only)"; the scope itself when it has none. */
export function portalPermissionOf(scope: string): string {
  return PORTAL_PERMISSIONS[scope] ?? scope;
}

/**
 * Asked for as well when the user turns on "Manage access" (Settings) or runs `tapkey-locks login --manage`:
 * adding and revoking grants, and creating the contact a grant by e-mail needs. Writing also needs the access
 * scopes (to look before and after each change), so Manage access asks for those too.
 */
export const WRITE_SCOPES = [SCOPES.writeGrants, SCOPES.writeCoreEntities] as const;
