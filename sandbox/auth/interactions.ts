import type { IncomingMessage, ServerResponse } from 'node:http';
import type Provider from 'oidc-provider';
import type { SandboxData } from '../data/seed-data';
import { readForm } from '../http/body';
import { sendHtml } from '../http/respond';
import { consentPage, interactionErrorPage, loginPage } from './pages';

const PATH = /^\/interaction\/([A-Za-z0-9_-]+)(?:\/(login|consent))?$/;

/** True when the path belongs to the sign-in and consent pages. */
export function isInteractionPath(path: string): boolean {
  return PATH.test(path);
}

/** Serves the sign-in and consent pages and feeds their results back to oidc-provider. */
export async function handleInteraction(
  provider: Provider,
  data: SandboxData,
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
): Promise<void> {
  const match = PATH.exec(path);
  const action = match?.[2];
  let details;
  try {
    details = await provider.interactionDetails(req, res);
  } catch {
    sendHtml(
      res,
      400,
      interactionErrorPage('This sign-in has expired or was opened in another browser.'),
    );
    return;
  }
  if (details.uid !== match?.[1]) {
    sendHtml(
      res,
      400,
      interactionErrorPage('This sign-in page does not belong to the current sign-in.'),
    );
    return;
  }
  const clientId = String(details.params.client_id ?? '');
  const scopes = String(details.params.scope ?? '')
    .split(' ')
    .filter(Boolean);

  if (req.method === 'GET' && !action) {
    if (details.prompt.name === 'login') sendHtml(res, 200, loginPage(details.uid, data.users));
    else
      sendHtml(
        res,
        200,
        consentPage(details.uid, clientId, scopes, details.session?.accountId ?? ''),
      );
    return;
  }
  if (req.method !== 'POST') {
    res.writeHead(405, { Allow: 'GET, POST' }).end();
    return;
  }
  const form = await readForm(req);
  if (action === 'login') {
    const username = form.get('username') ?? '';
    const user = data.user(username);
    if (!user || user.password !== form.get('password')) {
      sendHtml(
        res,
        200,
        loginPage(details.uid, data.users, 'Invalid username or password', username),
      );
      return;
    }
    await provider.interactionFinished(
      req,
      res,
      { login: { accountId: user.username } },
      { mergeWithLastSubmission: false },
    );
    return;
  }
  if (action === 'consent') {
    if (form.get('decision') !== 'allow') {
      await provider.interactionFinished(
        req,
        res,
        { error: 'access_denied', error_description: 'The user denied access.' },
        { mergeWithLastSubmission: false },
      );
      return;
    }
    const accountId = details.session?.accountId;
    if (!accountId) {
      sendHtml(res, 400, interactionErrorPage('Sign in first.'));
      return;
    }
    const grant =
      (details.grantId ? await provider.Grant.find(details.grantId) : undefined) ??
      new provider.Grant({ accountId, clientId });
    // Grant exactly what was asked for (filtered to known scopes by oidc-provider).
    if (scopes.length) grant.addOIDCScope(scopes.join(' '));
    const grantId = await grant.save();
    await provider.interactionFinished(
      req,
      res,
      { consent: { grantId } },
      { mergeWithLastSubmission: true },
    );
    return;
  }
  res.writeHead(404).end();
}
