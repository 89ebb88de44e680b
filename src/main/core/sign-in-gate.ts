import type { AuthState, Settings } from '../../shared/model';
import { validateSettings } from '../../shared/settings-validation';
import { AppFailure } from '../errors';

/**
 * Starts a sign-in only with settings that can work: without a registered client id (a fresh install) the
 * sign-in page could only show Tapkey's error page, so the user is sent to Settings instead.
 */
export function gatedSignIn(
  settings: { get(): Settings },
  session: { signIn(): Promise<AuthState> },
): () => Promise<AuthState> {
  return async () => {
    const problem = Object.values(validateSettings(settings.get()))[0];
    if (problem)
      throw new AppFailure('invalid-settings', `Before you sign in, open Settings: ${problem}`);
    return session.signIn();
  };
}
