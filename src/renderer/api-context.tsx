import { createContext, useContext, type ReactNode } from 'react';
import type { TapkeyApi } from '../shared/api';

const TapkeyApiContext = createContext<TapkeyApi | null>(null);

/** Provides the bridge to main (window.tapkey in the app, a harness in tests) to the components below. */
export const TapkeyApiProvider = ({ api, children }: { api: TapkeyApi; children: ReactNode }) => (
  <TapkeyApiContext.Provider value={api}>{children}</TapkeyApiContext.Provider>
);

/** The bridge to main: the provider's, else the preload's `window.tapkey`. */
export function useTapkeyApi(): TapkeyApi {
  return useContext(TapkeyApiContext) ?? window.tapkey;
}
