import type { ServerResponse } from 'node:http';

/** Sends a JSON body with an explicit length (clients and fault wrappers rely on Content-Length). */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
    ...headers,
  });
  res.end(text);
}

/** Sends an HTML page with its CSP. */
export function sendHtml(
  res: ServerResponse,
  status: number,
  page: { html: string; csp: string },
): void {
  res.writeHead(status, {
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Length': Buffer.byteLength(page.html),
    'Content-Security-Policy': page.csp,
    'Cache-Control': 'no-store',
    'X-Frame-Options': 'DENY',
  });
  res.end(page.html);
}
