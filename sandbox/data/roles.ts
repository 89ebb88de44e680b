/**
 * A user's role in an owner account (support.tapkey.com, "Understanding Roles in Tapkey Applications"): the
 * Owner and Admins see and manage everything; an Access Manager manages access but cannot see access logs.
 */
export type Role = 'Owner' | 'Admin' | 'AccessManager';

/** The words for a role in messages. */
export const ROLE_NAMES: Readonly<Record<Role, string>> = {
  Owner: 'Owner',
  Admin: 'Administrator',
  AccessManager: 'Access Manager',
};

/** Documented: an Access Manager cannot view access logs, whatever the client's scopes. */
export function mayReadLogs(role: Role): boolean {
  return role !== 'AccessManager';
}

/** Documented: an Access Manager manages access; `accessManagerWrites: false` plays a role that may not. */
export function mayWrite(role: Role, accessManagerWrites: boolean): boolean {
  return role !== 'AccessManager' || accessManagerWrites;
}
