import { createContext, useContext, type ReactNode } from 'react';
import type { createTapkeyApi } from '../shared/api';

type TapkeyApi = ReturnType<typeof createTapkeyApi>;

const ApiContext = createContext<TapkeyApi | null>(null);

/** Hands the bridge to main down the tree, so hooks take it from context (tests pass `createTapkeyApi(fake)`). */
export const TapkeyApiProvider = ({ api, children }: { api: TapkeyApi; children: ReactNode }) => (
  <ApiContext.Provider value={api}>{children}</ApiContext.Provider>
);

/** The bridge to main; throws when a component is rendered outside TapkeyApiProvider. */
export function useTapkeyApi(): TapkeyApi {
  const api = useContext(ApiContext);
  if (!api) throw new Error('useTapkeyApi needs a TapkeyApiProvider above it.');
  return api;
}
