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
  active: boolean;
  bindDate: string;
  unbindDate: string | null;
  physicalLockId: string;
  lockTypeId: string;
  lockType: LockTypeJson;
  targetType: string;
  rclSerialNo: number;
  rclDate: string;
  lastSeenRclSerialNo: number | null;
  lastSeenRclUpdateDate: string | null;
  supportedFeatures: string[] | null;
  membershipStatistics: MembershipStatisticsJson | null;
  healthStatuses: HealthStatusJson[] | null;
}

/** Shape assumed (Tapkey does not publish it); only served with `expand=membershipStatistics`. */
interface MembershipStatisticsJson {
  activeGrantsCount: number;
  activeUsersCount: number;
}

/** Shape assumed (Tapkey does not publish it); only served with `expand=healthStatuses`. */
interface HealthStatusJson {
  type: string;
  status: string;
  lastUpdated: string;
}
