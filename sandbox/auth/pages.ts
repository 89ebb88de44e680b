import type { DemoUser } from '../data/seed-data';
import { escapeHtml, htmlPage } from '../http/html';
import { describeScope } from './scopes';

/** The sign-in form; shows the demo credentials because this is a sandbox, and an error after a failed attempt. */
export function loginPage(
  uid: string,
  users: DemoUser[],
  error?: string,
  username = '',
): { html: string; csp: string } {
  const demo = users
    .map(
      (u) =>
        `<li><code>${escapeHtml(u.username)}</code> / <code>${escapeHtml(u.password)}</code></li>`,
    )
    .join('');
  return htmlPage(
    'Sign in',
    `<h1>Sign in</h1>
${error ? `<p role="alert" class="error">${escapeHtml(error)}</p>` : ''}
<form method="post" action="/interaction/${escapeHtml(uid)}/login" autocomplete="off">
<label for="username">Username</label>
<input id="username" name="username" type="text" required value="${escapeHtml(username)}" autofocus>
<label for="password">Password</label>
<input id="password" name="password" type="password" required>
<button type="submit">Sign in</button>
</form>
<section class="demo" aria-label="Demo credentials"><p>Demo credentials:</p><ul>${demo}</ul></section>`,
  );
}

/** The consent page: lists every requested scope, with Allow and Deny buttons. */
export function consentPage(
  uid: string,
  clientId: string,
  scopes: string[],
  username: string,
): { html: string; csp: string } {
  const items = scopes
    .map((s) => `<li><code>${escapeHtml(s)}</code> — ${escapeHtml(describeScope(s))}</li>`)
    .join('');
  return htmlPage(
    'Allow access',
    `<h1>Allow access</h1>
<p>Signed in as <strong>${escapeHtml(username)}</strong>. The application <code>${escapeHtml(clientId)}</code> asks for:</p>
<ul aria-label="Requested scopes">${items}</ul>
<form method="post" action="/interaction/${escapeHtml(uid)}/consent">
<button type="submit" name="decision" value="allow">Allow</button>
<button type="submit" name="decision" value="deny">Deny</button>
</form>`,
  );
}

/** Shown when an interaction cannot continue (expired, cookie missing). */
export function interactionErrorPage(message: string): { html: string; csp: string } {
  return htmlPage(
    'Sign-in error',
    `<h1>Sign-in error</h1><p role="alert" class="error">${escapeHtml(message)}</p>
<p>Start the sign-in again from the application.</p>`,
  );
}
