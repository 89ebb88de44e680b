import type { ChangeEntry, StepOutcome, StepStatus } from '../../../shared/model';

/** Whole seconds left before a waiting change is sent (at least 0). */
function secondsLeft(entry: Pick<ChangeEntry, 'sendAt'>, now: number): number {
  return Math.max(0, Math.ceil((Date.parse(entry.sendAt) - now) / 1000));
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** How many outcomes ended each way. */
function tally(outcomes: readonly StepOutcome[]): Record<StepStatus, number> {
  const t: Record<StepStatus, number> = {
    done: 0,
    already: 0,
    refused: 0,
    unknown: 0,
    failed: 0,
    'not-sent': 0,
  };
  for (const o of outcomes) t[o.status]++;
  return t;
}

/**
 * One line for what happened to a sent change's requests, never claiming more than Tapkey confirmed: every
 * request that did not go through is counted and the first reason given.
 */
function outcomeLine(entry: ChangeEntry): string {
  const t = tally(entry.outcomes);
  const total = entry.outcomes.length || entry.total;
  const through = t.done + t.already;
  if (total === 0) return 'Nothing needed sending.';
  if (through === total)
    return t.already === total
      ? 'Tapkey already had all of it: nothing was changed.'
      : `Tapkey accepted ${through === 1 ? 'the request' : `all ${through} requests`}.`;
  const problems = entry.outcomes.filter((o) => o.status !== 'done' && o.status !== 'already');
  const parts = [
    t.refused && `${t.refused} refused`,
    t.failed && `${t.failed} failed`,
    t.unknown && `${t.unknown} with an unknown outcome`,
    t['not-sent'] && `${t['not-sent']} not sent`,
  ].filter(Boolean);
  const first = problems[0]?.message;
  return `${through} of ${plural(total, 'request')} went through; ${parts.join(', ')}.${first ? ` ${first}` : ''}`;
}

/** The line the strip shows for a change in any state. */
export function changeStateLine(entry: ChangeEntry, now: number): string {
  switch (entry.status) {
    case 'waiting': {
      const s = secondsLeft(entry, now);
      return `Sending in ${s} s. Undo takes it back: nothing reaches Tapkey.`;
    }
    case 'sending':
      return `Sending: ${entry.outcomes.length} of ${plural(entry.total, 'request')} answered…`;
    case 'undone':
      return 'Undone: nothing was sent to Tapkey.';
    case 'discarded':
      return 'Discarded before sending: nothing reached Tapkey.';
    case 'sent':
      return outcomeLine(entry);
  }
}

/** The progress line of a sent change ("Revoked: takes effect at each lock's next sync (2 of 3 locks synced)."). */
export function progressLine(entry: ChangeEntry): string | null {
  if (entry.status !== 'sent' || !entry.progress) return null;
  const s = entry.progress.summary.trim();
  return /[.!?]$/.test(s) ? s : `${s}.`;
}

/** A sent change whose effect is still on its way (a revocation waiting for locks to sync): Refresh looks again. */
export function awaitsProgress(entry: ChangeEntry): boolean {
  return (
    entry.status === 'sent' &&
    entry.outcomes.some((o) => o.status === 'done' || o.status === 'already') &&
    entry.progress?.complete !== true
  );
}
