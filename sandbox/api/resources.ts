import { GROUP_EXPANDABLE } from '../data/lock-groups';
import { LOCK_EXPANDABLE } from '../data/lock-details';
import type { Behaviour } from '../behaviour';
import type { FilterFields } from './odata-filter';
import type { QuerySpec } from './list-query';

// The properties each resource has (what `$select` may name) and what `$filter` / `$orderby` take. A `$select`
// naming anything else answers 400, as an OData server does.

const OWNER: QuerySpec = {
  list: true,
  filterFields: { id: 'guid', name: 'string', active: 'boolean' },
  selectFields: ['id', 'name', 'active'],
  expandable: [],
};

const LOCK: QuerySpec = {
  list: true,
  filterFields: {
    id: 'guid',
    ownerAccountId: 'guid',
    title: 'string',
    active: 'boolean',
    lockTypeId: 'string',
  },
  selectFields: [
    'id',
    'ownerAccountId',
    'title',
    'description',
    'active',
    'bindDate',
    'unbindDate',
    'physicalLockId',
    'lockTypeId',
    'lockType',
    'targetType',
    'rclSerialNo',
    'rclDate',
    'lastSeenRclSerialNo',
    'lastSeenRclUpdateDate',
    'supportedFeatures',
    'membershipStatistics',
    'healthStatuses',
  ],
  expandable: LOCK_EXPANDABLE,
};

const GROUP: QuerySpec = {
  list: true,
  filterFields: { id: 'guid', title: 'string', active: 'boolean' },
  selectFields: [
    'id',
    'title',
    'description',
    'active',
    'targetType',
    'physicalLockId',
    'rclSerialNo',
    'rclDate',
    'statistics',
    'supportedFeatures',
  ],
  expandable: GROUP_EXPANDABLE,
  orderFields: ['id', 'title'],
};

const CARD: QuerySpec = {
  list: true,
  filterFields: { id: 'guid', title: 'string', label: 'string', isActive: 'boolean' },
  selectFields: [
    'id',
    'label',
    'uid',
    'isActive',
    'physicalCardId',
    'ownerAccountId',
    'bindDate',
    'unbindDate',
    'title',
    'nofGrantsCapacity',
  ],
  expandable: [],
  orderFields: ['id', 'title'],
};

const GRANT: QuerySpec = {
  list: true,
  filterFields: {
    id: 'guid',
    boundLockId: 'guid',
    contactId: 'guid',
    boundCardId: 'guid',
    state: 'string',
    active: 'boolean',
    validFrom: 'datetime',
    validBefore: 'datetime',
  },
  selectFields: [
    'contact',
    'boundCard',
    'boundLock',
    'owner',
    'id',
    'boundLockId',
    'contactId',
    'validFrom',
    'validBefore',
    'timeRestrictionIcal',
    'state',
    'active',
    'boundCardId',
  ],
  expandable: [],
  orderFields: ['id', 'validFrom', 'validBefore', 'state'],
};

const LOG_FILTER: FilterFields = {
  id: 'guid',
  entryNo: 'number',
  lockTimestamp: 'datetime',
  receivedAt: 'datetime',
  logType: 'string',
  command: 'string',
  contactId: 'guid',
  boundCardId: 'guid',
  boundLockId: 'guid',
};

/** The query rules of each resource under these options. */
export function resourceSpecs(behaviour: Behaviour) {
  const contactFields = ['id', 'ownerId', 'ipId', 'identifier', 'title', 'comment'];
  if (behaviour.contactEmail) contactFields.push('email');
  const contact: QuerySpec = {
    list: true,
    filterFields: {
      id: 'guid',
      identifier: 'string',
      ipId: 'string',
      title: 'string',
      ...(behaviour.contactEmail ? { email: 'string' as const } : {}),
    },
    selectFields: contactFields,
    expandable: [],
    orderFields: ['id', 'identifier', 'title', ...(behaviour.contactEmail ? ['email'] : [])],
  };
  // With lockTimestampFilter 'refuse' the property is not filterable: a $filter naming it answers 400.
  const logFilter = Object.fromEntries(
    Object.entries(LOG_FILTER).filter(
      ([f]) => f !== 'lockTimestamp' || behaviour.lockTimestampFilter === 'accept',
    ),
  );
  const log: QuerySpec = {
    list: true,
    filterFields: logFilter,
    selectFields: [
      'id',
      'entryNo',
      'boundLockId',
      'lockTimestamp',
      'receivedAt',
      'logType',
      'command',
      'contactId',
      'boundCardId',
    ],
    expandable: [],
    orderFields: ['lockTimestamp', 'entryNo', 'receivedAt'],
    naturalOrder: 'lockTimestamp desc',
  };
  return { owner: OWNER, lock: LOCK, group: GROUP, card: CARD, grant: GRANT, contact, log };
}

export type ResourceSpecs = ReturnType<typeof resourceSpecs>;
