import type { ChangeKind, JournalQuery, JournalRecord, StepStatus } from '../../../shared/model';
import { rangeToQuery } from '../access/log-range';

/** The journal's filters as the form holds them ('' = any). */
export interface JournalFilter {
  text: string;
  operation: ChangeKind | '';
  status: StepStatus | '';
  ownerAccountId: string;
  /** `date` input values ("2026-12-01"), local days; `to` inclusive. */
  from: string;
  to: string;
}

/** No filter: every record. */
export const anyRecord: JournalFilter = {
  text: '',
  operation: '',
  status: '',
  ownerAccountId: '',
  from: '',
  to: '',
};

/** The kinds of change as the filter and the table name them. */
export const OPERATION_NAMES: Record<ChangeKind, string> = {
  'create-contact': 'Add a person',
  give: 'Give access',
  'revoke-grant': 'Revoke a key',
  'revoke-person': 'Revoke a person',
  'revoke-card': 'Revoke a lost card',
  'delete-from-card': 'Remove from a card',
  offboard: 'Remove all access',
};

/** Outcomes as the filter and the table name them. */
export const STATUS_NAMES: Record<StepStatus, string> = {
  done: 'Done',
  already: 'Already so',
  refused: 'Refused',
  unknown: 'Unknown',
  failed: 'Failed',
  'not-sent': 'Not sent',
};

/** The query main filters the journal with: only what is set, days as local midnight to midnight. */
export function journalQuery(f: JournalFilter): JournalQuery {
  return {
    ...(f.text.trim() ? { text: f.text.trim() } : {}),
    ...(f.operation ? { operation: f.operation } : {}),
    ...(f.status ? { status: f.status } : {}),
    ...(f.ownerAccountId ? { ownerAccountId: f.ownerAccountId } : {}),
    ...rangeToQuery(f.from, f.to),
  };
}

/** A record's outcome as it stands: a lost answer settled later reads as what the later look found. */
export function outcomeOf(r: JournalRecord): { status: StepStatus; message: string } {
  if (r.resolution)
    return {
      status: r.resolution.status,
      message: `${r.message} Later: ${r.resolution.message}`,
    };
  return { status: r.status, message: r.message };
}

/** What a record acted on: "Front door · robin@example.org · Office". */
export function targetOf(r: JournalRecord): string {
  const t = r.target;
  return [t.lockTitle ?? t.boundLockId, t.holderLabel, t.ownerAccountName ?? t.ownerAccountId]
    .filter(Boolean)
    .join(' · ');
}
