/** The page the OS browser shows after the redirect: plain, self-contained, tells the user where to go next. */
export function loopbackPage(outcome: 'done' | 'problem'): string {
  const [title, text] =
    outcome === 'done'
      ? ['Sign-in received', 'You can close this tab and return to Tapkey Locks.']
      : ['Sign-in did not complete', 'Return to Tapkey Locks to see what happened and try again.'];
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title} – Tapkey Locks</title>
<style>body{font:16px system-ui,sans-serif;margin:4rem auto;max-width:32rem;padding:0 1rem;color:#222}h1{font-size:1.4rem}</style>
</head><body><main><h1>${title}</h1><p>${text}</p></main></body></html>`;
}
