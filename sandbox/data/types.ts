/** The JSON shapes the sandbox Web API serves, as documented in shared/tapkey-api.md. */
export interface OwnerAccountJson {
  id: string;
  name: string;
  active: boolean;
}

export interface LockTypeJson {
  id: string;
  manufacturerId: number;
  modelName: string;
  supportedTechnologies: string[];
}

export interface BoundLockJson {
  id: string;
  ownerAccountId: string;
  title: string;
  description: string | null;
  /** Absent on some locks when the option `locksWithoutActive` is on (an older copy of the docs has no `active`). */
  active?: boolean;
  bindDate: string;
  unbindDate: string | null;
  physicalLockId: string;
  lockTypeId: string;
  lockType: LockTypeJson;
  targetType: 'Lock';
  rclSerialNo: number;
  rclDate: string;
  lastSeenRclSerialNo: number | null;
  lastSeenRclUpdateDate: string | null;
  /** Filled only with `expand=supportedFeatures`. */
  supportedFeatures: SupportedFeaturesJson | null;
  /** Filled only with `expand=membershipStatistics`. */
  membershipStatistics: ByStateJson | null;
  /** Filled only with `expand=healthStatuses`. */
  healthStatuses: HealthStatusJson[] | null;
}

/** `supportedFeatures` as documented; a lock without iCal support has no `timeRestrictionIcalSupport` at all. */
export interface SupportedFeaturesJson {
  timeRestrictionIcalSupport?: 'Supported';
}

export type MembershipState = 'JoinPending' | 'Joined' | 'UnjoinPending' | 'Unjoined';

/** `membershipStatistics` of a lock and `statistics` of a lock group: counts of memberships by state. */
export interface ByStateJson {
  ByState: Array<{ State: MembershipState; Count: number }>;
}

/** One reading a lock reported at its last sync (documented shape). */
export interface HealthStatusJson {
  id: string;
  physicalLockId: string;
  timestamp: string;
  type: 'BatteryVoltage' | 'Temperature' | 'BatteryWarningLevel';
  value: number;
  valueStatus: 'Ok' | 'Outdated' | 'Invalid';
}

/** A lock group (documented shape); `statistics` and `supportedFeatures` appear only when expanded. */
export interface LockGroupJson {
  id: string;
  title: string;
  description: string | null;
  active: boolean;
  targetType: 'Group';
  physicalLockId: null;
  rclSerialNo: number | null;
  rclDate: string | null;
  statistics?: ByStateJson;
  supportedFeatures?: SupportedFeaturesJson;
}

/**
 * A contact (documented shape). `email` is the deprecated twin of `identifier`, served unless the option
 * `contactEmail` is off; `identifier` is null only for the nameless contacts of the option `namelessContacts`.
 */
export interface ContactJson {
  id: string;
  ownerId: string;
  ipId: string;
  identifier: string | null;
  title: string | null;
  comment: string | null;
  email?: string | null;
}

/** An NFC card bound to an owner account (documented shape). */
export interface BoundCardJson {
  id: string;
  label: string;
  uid: string;
  isActive: boolean;
  physicalCardId: string;
  ownerAccountId: string;
  bindDate: string;
  unbindDate: string | null;
  title: string;
  nofGrantsCapacity: number;
}

/**
 * Documented: `Ok` (active) and `Revoked`. Assumed: `RevocationPending` (revoked, some affected lock has not
 * synced yet) and `DeletionFromCardPending` (DeleteFromCard called, the card has not synced yet).
 */
export type GrantState = 'Ok' | 'Revoked' | 'RevocationPending' | 'DeletionFromCardPending';

/** A grant as the sandbox stores it: exactly one of contactId and boundCardId is set. */
export interface GrantRecord {
  id: string;
  ownerAccountId: string;
  /** A bound lock's id, or a lock group's id for a group grant (assumed: how a group grant names its group). */
  boundLockId: string;
  contactId: string | null;
  boundCardId: string | null;
  validFrom: string | null;
  validBefore: string | null;
  timeRestrictionIcal: string | null;
  state: GrantState;
  active: boolean;
}

/** A grant as the API serves it (documented shape), with the contact, card and lock (or group) embedded. */
export interface GrantJson {
  contact: ContactJson | null;
  boundCard: BoundCardJson | null;
  boundLock: BoundLockJson | LockGroupJson | null;
  owner: null;
  id: string;
  boundLockId: string;
  contactId: string | null;
  validFrom: string | null;
  validBefore: string | null;
  timeRestrictionIcal: string | null;
  state: GrantState;
  active: boolean;
  boundCardId: string | null;
}

/** One entry of a lock's access log. */
export interface LogEntryJson {
  id: string;
  entryNo: number;
  boundLockId: string;
  lockTimestamp: string;
  receivedAt: string;
  logType: string;
  command: string | null;
  contactId: string | null;
  boundCardId: string | null;
}
