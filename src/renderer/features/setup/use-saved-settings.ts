import { useCallback, useEffect, useState } from 'react';
import type { Settings } from '../../../shared/model';
import type { AppError } from '../../../shared/result';
import { useTapkeyApi } from '../../api-context';

/** The settings main has stored, to decide whether the first-run step is needed; `set` records a save. */
export function useSavedSettings() {
  const api = useTapkeyApi();
  const [settings, setSettings] = useState<Settings | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  const load = useCallback(() => {
    void api.getSettings().then((r) => {
      if (r.ok) setSettings(r.value);
      setError(r.ok ? null : r.error);
    });
  }, [api]);
  useEffect(load, [load]);
  return { settings, error, reload: load, set: setSettings };
}
