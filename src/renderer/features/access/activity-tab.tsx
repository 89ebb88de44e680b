import { useTapkeyApi } from '../../api-context';
import { ActivityLog } from './activity-log';

interface Props {
  ownerAccountId: string;
  lockId: string;
}

/** The Activity tab: one lock's log, newest first, with a date range and export. */
export function ActivityTab({ ownerAccountId, lockId }: Props) {
  const api = useTapkeyApi();
  return (
    <ActivityLog
      load={(slice) => api.listLogEntries(ownerAccountId, lockId, slice)}
      exportCsv={(range) => api.exportLogCsv(ownerAccountId, lockId, range)}
      sliceKey={`${ownerAccountId}/${lockId}`}
      what="this lock’s activity"
      testId="activity-tab"
    />
  );
}
