// The page the OS browser keeps after the redirect: it must tell the user where to go next, in words.
import { describe, expect, it } from 'vitest';
import { loopbackPage } from './loopback-page';

describe('loopbackPage', () => {
  it('says for each outcome what happened and what to do, in the title and the page', () => {
    const cases = [
      ['done', 'Sign-in received', 'You can close this tab and return to Tapkey Locks.'],
      [
        'problem',
        'Sign-in did not complete',
        'Return to Tapkey Locks to see what happened and try again.',
      ],
      [
        'ignored',
        'Not a sign-in response',
        'Tapkey Locks is waiting for a sign-in at this address; this request was not one and was ignored.',
      ],
    ] as const;
    for (const [outcome, title, text] of cases) {
      const page = loopbackPage(outcome);
      expect(page, outcome).toContain(`<title>${title} – Tapkey Locks</title>`);
      expect(page, outcome).toContain(`<main><h1>${title}</h1><p>${text}</p></main>`);
      expect(
        page.startsWith('<!doctype html><html lang="en"><head><meta charset="utf-8">'),
        outcome,
      ).toBe(true);
      // Self-contained: nothing to load, nothing to run (the listener's CSP allows inline style only).
      expect(page, outcome).not.toMatch(/<script|src=|href=/);
    }
  });
});
