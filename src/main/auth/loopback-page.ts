/** What the loopback listener tells the browser: the sign-in arrived, it did not complete, or this was not one. */
export type LoopbackOutcome = 'done' | 'problem' | 'ignored';

const TEXT: Record<LoopbackOutcome, [string, string]> = {
  done: ['Sign-in received', 'You can close this tab and return to Tapkey Locks.'],
  problem: [
    'Sign-in did not complete',
    'Return to Tapkey Locks to see what happened and try again.',
  ],
  ignored: [
    'Not a sign-in response',
    'Tapkey Locks is waiting for a sign-in at this address; this request was not one and was ignored.',
  ],
};

/** The page the OS browser shows after the redirect: plain, self-contained, tells the user where to go next. */
export function loopbackPage(outcome: LoopbackOutcome): string {
  const [title, text] = TEXT[outcome];
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title} – Tapkey Locks</title>
<style>body{font:16px system-ui,sans-serif;margin:4rem auto;max-width:32rem;padding:0 1rem;color:#222}h1{font-size:1.4rem}</style>
</head><body><main><h1>${title}</h1><p>${text}</p></main></body></html>`;
}
