import { useState } from 'react';
import type { AuthState } from '../../../shared/model';
import { signedInAs, type Identity } from './auth-view';

/**
 * Who the header names, remembering the last account the server named while a refresh runs (the refreshing
 * state carries none), so the header does not turn from the person into the server and back.
 */
export function useIdentity(state: AuthState | null, issuer: string | null): Identity | null {
  const [last, setLast] = useState<string | null>(null);
  const named = state?.status === 'signed-in' ? (state.account?.trim() ?? '') || null : undefined;
  // Adjusting state during render (React's documented pattern): the new account shows in the same render.
  if (named !== undefined && named !== last) setLast(named);
  if (state?.status === 'signed-out' && last !== null) setLast(null);
  return state ? signedInAs(state, issuer, named ?? last) : null;
}
