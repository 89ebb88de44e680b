import type { Browser, BrowserContext, Page } from '@playwright/test';
import { AppFailure } from '../../src/main/errors';
import { decideNavigation, foreignOriginMessage } from '../../src/main/auth/navigation-policy';
import type { AuthorizationRequest, UserAgent } from '../../src/main/auth/user-agent';
import { SIGN_IN_CANCELLED } from '../../src/main/messages';

/** A real Chromium standing in for Electron's auth window in tests. */
export interface ChromiumUserAgent extends UserAgent {
  /** Resolves with the sign-in page of the running attempt (or the next one), so a test can act as the user. */
  waitForPage(): Promise<Page>;
  /** Every URL whose request was cancelled as the callback (the code must not reach the network). */
  readonly interceptedCallbacks: string[];
  /** Origins of documents that were refused. */
  readonly blocked: string[];
}

interface RequestPaused {
  requestId: string;
  request: { url: string };
  resourceType: string;
}

/**
 * Same interception as the Electron adapter, through the same pure decision function: every request of the
 * sign-in page is paused at the network layer (CDP Fetch, which also sees redirect targets, unlike page.route),
 * the callback is cancelled and captured, documents from foreign origins are refused and end the attempt.
 * Each attempt gets a fresh browser context: Chromium's equivalent of a non-persistent partition.
 */
export function createChromiumUserAgent(browser: Browser): ChromiumUserAgent {
  let pageWaiters: Array<(p: Page) => void> = [];
  let currentPage: Page | null = null;
  const interceptedCallbacks: string[] = [];
  const blocked: string[] = [];
  const contexts = new Set<BrowserContext>();

  return {
    mode: 'embedded',
    interceptedCallbacks,
    blocked,
    waitForPage() {
      if (currentPage && !currentPage.isClosed()) return Promise.resolve(currentPage);
      return new Promise((resolve) => pageWaiters.push(resolve));
    },
    async clearData() {
      await Promise.all([...contexts].map((c) => c.clearCookies()));
    },
    async authorize(req: AuthorizationRequest): Promise<string> {
      if (req.signal.aborted) throw new AppFailure('sign-in-cancelled', SIGN_IN_CANCELLED);
      const context = await browser.newContext({ permissions: [], acceptDownloads: false });
      contexts.add(context);
      // window.open is refused: a popup is closed the moment it appears.
      let page: Page | null = null;
      context.on('page', (p) => {
        if (page && p !== page) void p.close();
      });
      page = await context.newPage();
      const authPage = page;
      const cdp = await context.newCDPSession(authPage);
      let settle: { resolve(url: string): void; reject(e: unknown): void } | null = null;
      const outcome = new Promise<string>((resolve, reject) => (settle = { resolve, reject }));
      const finish = (fn: (s: NonNullable<typeof settle>) => void) => {
        const s = settle;
        settle = null;
        if (s) fn(s);
      };
      cdp.on('Fetch.requestPaused', (e: RequestPaused) => {
        const kind = e.resourceType === 'Document' ? 'document' : 'subresource';
        const d = decideNavigation(e.request.url, kind, req);
        if (d.action === 'allow') {
          void cdp.send('Fetch.continueRequest', { requestId: e.requestId }).catch(() => {});
          return;
        }
        void cdp
          .send('Fetch.failRequest', {
            requestId: e.requestId,
            errorReason: d.action === 'callback' ? 'Aborted' : 'BlockedByClient',
          })
          .catch(() => {});
        if (d.action === 'callback') {
          interceptedCallbacks.push(d.url);
          finish((s) => s.resolve(d.url));
        } else {
          blocked.push(d.origin);
          finish((s) => s.reject(new AppFailure('sign-in-failed', foreignOriginMessage(d.origin))));
        }
      });
      await cdp.send('Fetch.enable', { patterns: [{ urlPattern: '*', requestStage: 'Request' }] });
      authPage.on('close', () =>
        finish((s) => s.reject(new AppFailure('sign-in-cancelled', SIGN_IN_CANCELLED))),
      );
      const timer = setTimeout(
        () =>
          finish((s) =>
            s.reject(
              new AppFailure(
                'sign-in-timeout',
                'Sign-in took too long and was stopped. Please try again.',
              ),
            ),
          ),
        req.timeoutMs,
      );
      const onAbort = () =>
        finish((s) => s.reject(new AppFailure('sign-in-cancelled', SIGN_IN_CANCELLED)));
      req.signal.addEventListener('abort', onAbort, { once: true });
      currentPage = authPage;
      for (const w of pageWaiters) w(authPage);
      pageWaiters = [];
      authPage.goto(req.url).catch((e: unknown) => {
        // A load that fails on its own (not because we cancelled the callback) ends the attempt.
        // ERR_ABORTED is our own doing (a cancelled callback, a blocked page) or the page closing: the events
        // above settle those.
        if (!settle || authPage.isClosed() || String(e).includes('ERR_ABORTED')) return;
        finish((s) =>
          s.reject(
            new AppFailure(
              'network',
              `The sign-in page could not be loaded (${String(e).slice(0, 120)}).`,
            ),
          ),
        );
      });
      try {
        return await outcome;
      } finally {
        clearTimeout(timer);
        req.signal.removeEventListener('abort', onAbort);
        currentPage = null;
        contexts.delete(context);
        await context.close().catch(() => {});
      }
    },
  };
}
