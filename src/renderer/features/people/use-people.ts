import { useCallback, useEffect, useRef, useState } from 'react';
import type { PeopleList } from '../../../shared/model';
import type { AppError } from '../../../shared/result';
import { useTapkeyApi } from '../../api-context';

/** One account's people: loading, loaded, or why not. */
export type AccountPeople =
  | { status: 'loading' }
  | { status: 'loaded'; list: PeopleList }
  | { status: 'error'; error: AppError };

type Answer = Exclude<AccountPeople, { status: 'loading' }>;
const LOADING: AccountPeople = { status: 'loading' };

/**
 * The people and cards of each account in `accountIds`, read once each, and again when `reloadKey` changes (a
 * change was sent). Accounts arrive one by one as main answers; an answer for an older key is dropped.
 */
export function usePeople(
  accountIds: readonly string[],
  reloadKey: string,
): { get(accountId: string): AccountPeople | undefined; retry(accountId: string): void } {
  const api = useTapkeyApi();
  const [answers, setAnswers] = useState<{ key: string; byAccount: Map<string, Answer> }>({
    key: reloadKey,
    byAccount: new Map(),
  });
  const [retries, setRetries] = useState(0);
  // What was asked under which key: asked once per account and key, answered into state when it lands.
  const asked = useRef<{ key: string; ids: Set<string> }>({ key: reloadKey, ids: new Set() });
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  const wanted = accountIds.join('|');
  useEffect(() => {
    if (asked.current.key !== reloadKey) asked.current = { key: reloadKey, ids: new Set() };
    const ids = asked.current.ids;
    for (const id of wanted.split('|')) {
      if (!id || ids.has(id)) continue;
      ids.add(id);
      void api.listPeople(id).then((r) => {
        if (!mounted.current || asked.current.key !== reloadKey) return;
        const answer: Answer = r.ok
          ? { status: 'loaded', list: r.value }
          : { status: 'error', error: r.error };
        setAnswers((a) => {
          const byAccount = new Map(a.key === reloadKey ? a.byAccount : []);
          byAccount.set(id, answer);
          return { key: reloadKey, byAccount };
        });
      });
    }
  }, [api, wanted, reloadKey, retries]);

  const current = answers.key === reloadKey ? answers.byAccount : null;
  return {
    get: (id) => current?.get(id) ?? (asked.current.ids.has(id) ? LOADING : undefined),
    retry: useCallback((id: string) => {
      asked.current.ids.delete(id);
      setAnswers((a) => {
        const byAccount = new Map(a.byAccount);
        byAccount.delete(id);
        return { ...a, byAccount };
      });
      setRetries((n) => n + 1);
    }, []),
  };
}
