import { AppFailure } from '../errors';
import type { Logger } from '../log';
import { startLoopbackListener } from './loopback-listener';
import type { AuthorizationRequest, UserAgent } from './user-agent';
import { SIGN_IN_CANCELLED } from '../messages';

/** Opens a URL in the user's default browser (Electron's shell.openExternal in the app). */
export type OpenExternal = (url: string) => Promise<void>;

/**
 * System-browser mode (RFC 8252's recommendation): the OS browser shows the sign-in pages, where the user's
 * password manager and existing sessions work; the answer comes back to a loopback listener.
 */
export function createSystemBrowserAgent(deps: {
  openExternal: OpenExternal;
  log: Logger;
}): UserAgent {
  return {
    mode: 'system-browser',
    async authorize(req: AuthorizationRequest): Promise<string> {
      if (req.signal.aborted) throw new AppFailure('sign-in-cancelled', SIGN_IN_CANCELLED);
      // The listener answers only the response carrying this attempt's state (a public value of the URL).
      const state = new URL(req.url).searchParams.get('state');
      if (!state)
        throw new AppFailure(
          'sign-in-failed',
          'The sign-in request has no state, so its answer could not be told apart. Please try again.',
        );
      // Listen first, so a busy port is reported before a browser tab opens for nothing.
      const listener = await startLoopbackListener(req.redirectUri, state, deps.log);
      let timer: NodeJS.Timeout | undefined;
      let onAbort: () => void = () => {};
      try {
        const ended = new Promise<never>((_, reject) => {
          timer = setTimeout(
            () =>
              reject(
                new AppFailure(
                  'sign-in-timeout',
                  'Sign-in took too long and was stopped. Please try again.',
                ),
              ),
            req.timeoutMs,
          );
          onAbort = () => reject(new AppFailure('sign-in-cancelled', SIGN_IN_CANCELLED));
          // Stryker disable next-line ObjectLiteral,BooleanLiteral: an AbortSignal fires 'abort' at most once, and the finally block removes the listener anyway.
          req.signal.addEventListener('abort', onAbort, { once: true });
        });
        await Promise.race([
          deps.openExternal(req.url).catch((e: unknown) => {
            deps.log.warn('could not open the browser', { error: e });
            throw new AppFailure(
              'sign-in-failed',
              'The app could not open your web browser. Check that a default browser is set.',
            );
          }),
          ended,
        ]);
        return await Promise.race([listener.callback, ended]);
      } finally {
        clearTimeout(timer);
        req.signal.removeEventListener('abort', onAbort);
        await listener.close();
      }
    },
  };
}
