// Managing access as main sends it to the page (capabilities, plans, queued changes, people, lock features, the
// journal), for component tests. Ids are Tapkey-like, so main's argument schemas accept them when sent back.
import type {
  ChangeEntry,
  ChangePlan,
  ChangeQueueState,
  Grant,
  JournalRecord,
  KeyHolder,
  LockFeatures,
  PlannedStep,
  WriteCapabilities,
} from '../../src/shared/model';

/** A sign-in that may write, with a 5 s undo window. */
export const canWrite: WriteCapabilities = {
  canWrite: true,
  missingScopes: [],
  manageAccessSetting: true,
  hint: null,
  undoWindowMs: 5_000,
};

/** A sign-in without the write permissions, with the line main gives for it. */
export const readOnly: WriteCapabilities = {
  canWrite: false,
  missingScopes: ['write:grants', 'write:core:entities'],
  manageAccessSetting: false,
  hint: 'To give and take away access, turn on Settings → Manage access and sign in again. Your OAuth client in the Tapkey portal must allow Grants and Core Entities as ReadAndWrite.',
  undoWindowMs: 5_000,
};

/** An empty queue. */
export const noChanges: ChangeQueueState = { changes: [], pending: 0 };

/** A UUID-shaped id main would make, numbered for readability. */
export const localId = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

/** A grant of `boundLockId` to a person or a card. */
export function grant(
  id: string,
  boundLockId: string,
  holder: Partial<Grant['holder']> & Pick<Grant['holder'], 'kind'>,
  over: Partial<Grant> = {},
): Grant {
  return {
    id,
    boundLockId,
    target: { kind: 'lock', title: null },
    holder: {
      label: null,
      title: null,
      identifier: null,
      known: true,
      contactId: null,
      boundCardId: null,
      ...holder,
    },
    holderProblem: null,
    state: 'Ok',
    active: true,
    validFrom: null,
    validBefore: null,
    timeRestrictionIcal: null,
    raw: {},
    ...over,
  };
}

/** A person of `ownerAccountId` with these grants. */
export function person(
  ownerAccountId: string,
  id: string,
  identifier: string | null,
  title: string | null,
  grants: Grant[] = [],
): KeyHolder {
  return {
    kind: 'contact',
    id,
    ownerAccountId,
    title,
    identifier,
    label: null,
    capacity: null,
    activeGrants: grants.filter((g) => g.active).length,
    grants,
  };
}

/** Robin Keyholder (robin@example.org) of owner-office, with a key (grant-1, grant-2 …) on each lock named. */
export const robinAt = (...lockIds: string[]): KeyHolder =>
  person(
    'owner-office',
    'contact-robin',
    'robin@example.org',
    'Robin Keyholder',
    lockIds.map((lockId, i) =>
      grant(`grant-${i + 1}`, lockId, { kind: 'contact', contactId: 'contact-robin' }),
    ),
  );

/** A card of `ownerAccountId` (capacity 12) with these grants. */
export function card(
  ownerAccountId: string,
  id: string,
  title: string,
  grants: Grant[] = [],
): KeyHolder {
  return {
    kind: 'card',
    id,
    ownerAccountId,
    title,
    identifier: null,
    label: null,
    capacity: 12,
    activeGrants: grants.filter((g) => g.active).length,
    grants,
  };
}

/** A lock as the Give dialog's Where step lists it. */
export const feature = (
  boundLockId: string,
  title: string,
  ical: LockFeatures['timeRestrictionIcal'] = 'supported',
): LockFeatures => ({ boundLockId, title, timeRestrictionIcal: ical });

/** A step that sends `method path` with `body` for a lock. */
export function sendStep(
  key: string,
  lockTitle: string,
  method: 'PUT' | 'POST',
  path: string,
  body: unknown,
): PlannedStep {
  return {
    key,
    target: {
      ownerAccountId: 'owner-office',
      ownerAccountName: 'Office',
      boundLockId: `lock-${key}`,
      lockTitle,
      grantId: null,
      contactId: null,
      boundCardId: null,
      holderLabel: null,
    },
    disposition: 'send',
    reason: null,
    request: { method, path, body },
    grantIds: [],
  };
}

/** A plan as the preview answers it; sendable when it has no problem and a step to send. */
export function plan(over: Partial<ChangePlan> & Pick<ChangePlan, 'request'>): ChangePlan {
  const steps = over.steps ?? [];
  const problems = over.problems ?? [];
  const send = steps.filter((s) => s.disposition === 'send').length;
  return {
    planId: localId(1),
    title: 'A change',
    steps,
    problems,
    notes: [],
    revocationLoad: [],
    revocationWarnAt: 5,
    counts: { send, already: 0, refused: 0, keys: send, locks: send, accounts: 1 },
    sendable: problems.length === 0 && send > 0,
    createdAt: '2026-12-01T10:00:00.000Z',
    expiresAt: '2026-12-01T10:15:00.000Z',
    ...over,
  };
}

/** A change in the queue. */
export function entry(over: Partial<ChangeEntry> = {}): ChangeEntry {
  return {
    changeId: localId(10),
    planId: localId(1),
    kind: 'give',
    title: 'Give robin@example.org access to 3 locks',
    status: 'waiting',
    queuedAt: '2026-12-01T10:00:00.000Z',
    sendAt: '2026-12-01T10:00:05.000Z',
    finishedAt: null,
    total: 3,
    outcomes: [],
    progress: null,
    ...over,
  };
}

/** A queue holding these changes (newest first, as main sends them). */
export const queueOf = (...changes: ChangeEntry[]): ChangeQueueState => ({
  changes,
  pending: changes.filter((c) => c.status === 'waiting' || c.status === 'sending').length,
});

/** A journal record of one request sent. */
export function journalRecord(over: Partial<JournalRecord> = {}): JournalRecord {
  return {
    v: 1,
    entryId: localId(100),
    kind: 'write',
    at: '2026-12-01T10:00:06.000Z',
    source: 'app',
    signIn: { issuer: 'https://login.tapkey.com', account: null },
    changeId: localId(10),
    operation: 'give',
    title: 'Give robin@example.org access to Front door',
    target: {
      ownerAccountId: 'owner-office',
      ownerAccountName: 'Office',
      boundLockId: 'lock-1',
      lockTitle: 'Front door',
      grantId: 'grant-1',
      contactId: null,
      boundCardId: null,
      holderLabel: 'robin@example.org',
    },
    request: { method: 'PUT', path: 'Owners/owner-office/Grants', body: null },
    status: 'done',
    message: 'Given.',
    errorCode: null,
    grantId: 'grant-1',
    contactId: null,
    resolves: null,
    resolution: null,
    ...over,
  };
}
