import { useEffect, useState } from 'react';
import type { ChangeQueueState } from '../../../shared/model';
import { useTapkeyApi } from '../../api-context';

/**
 * The change queue as main holds it: subscribed before the first read (so no push is missed), then every push.
 * Null until main has answered once.
 */
export function useChangeQueue(): ChangeQueueState | null {
  const api = useTapkeyApi();
  const [state, setState] = useState<ChangeQueueState | null>(null);
  useEffect(() => {
    let live = true;
    let pushed = false;
    const unsubscribe = api.onChangesChanged((s) => {
      if (!live) return;
      pushed = true;
      setState(s);
    });
    void api.listChanges().then((r) => {
      // A push that arrived meanwhile is newer than this answer.
      if (live && r.ok && !pushed) setState(r.value);
    });
    return () => {
      live = false;
      unsubscribe();
    };
  }, [api]);
  return state;
}
