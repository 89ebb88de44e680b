import { useCallback, useEffect, useState } from 'react';
import type { WriteCapabilities } from '../../../shared/model';
import { useTapkeyApi } from '../../api-context';

/**
 * Whether the current sign-in may change access, asked again whenever `key` changes (the auth state, the saved
 * settings). Null until main answers; a failed answer reads as "cannot write" with main's reason as the hint, so
 * no write control is offered on a guess.
 */
export function useWriteCapabilities(key: string): WriteCapabilities | null {
  const api = useTapkeyApi();
  const [caps, setCaps] = useState<{ key: string; value: WriteCapabilities } | null>(null);
  const load = useCallback(
    (k: string, live: () => boolean) =>
      void api.getWriteCapabilities().then((r) => {
        if (!live()) return;
        setCaps({
          key: k,
          value: r.ok
            ? r.value
            : {
                canWrite: false,
                missingScopes: [],
                manageAccessSetting: false,
                hint: `Changing access is not available: ${r.error.message}`,
                undoWindowMs: 0,
              },
        });
      }),
    [api],
  );
  useEffect(() => {
    let live = true;
    load(key, () => live);
    return () => {
      live = false;
    };
  }, [key, load]);
  // Until the answer for this key arrives, the last one stands (a refresh must not flash the controls away).
  return caps?.value ?? null;
}
