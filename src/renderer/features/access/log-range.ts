/** A date range the user picked (local calendar days, both inclusive) as the ISO instants main expects. */
export function rangeToQuery(from: string, to: string): { since?: string; until?: string } {
  const query: { since?: string; until?: string } = {};
  const day = (value: string) => {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
    return m ? new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : null;
  };
  const start = day(from);
  const end = day(to);
  if (start) query.since = start.toISOString();
  // "To" is inclusive for people; the API's until is exclusive, so it is the next local midnight.
  if (end)
    query.until = new Date(end.getFullYear(), end.getMonth(), end.getDate() + 1).toISOString();
  return query;
}

/** "Opened" for the add-on's TriggerLock; otherwise the log type and command as Tapkey names them. */
export function describeEntry(e: { logType: string | null; command: string | null }): string {
  if (e.logType === 'Command' && e.command === 'TriggerLock') return 'Opened';
  if (e.logType === 'Command' && e.command === 'LockLock') return 'Locked';
  return [e.logType, e.command].filter(Boolean).join(': ') || 'Unknown event';
}
