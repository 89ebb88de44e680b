import path from 'node:path';

/** The scheme the renderer is served from: a standard, secure origin of our own instead of file://. */
export const APP_SCHEME = 'app';
/** The host under which the renderer lives, i.e. the main window's origin is `app://renderer`. */
export const APP_HOST = 'renderer';
/** The main window's start URL. */
export const APP_START_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

/**
 * Maps an app:// URL to a file inside `root`, or null when the URL is not ours or would escape `root`
 * (encoded dot segments, backslashes, other hosts).
 */
export function resolveAppUrl(
  url: string,
  root: string,
): { file: string; contentType: string } | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== APP_HOST) return null;
  let pathname: string;
  try {
    pathname = decodeURIComponent(parsed.pathname);
  } catch {
    return null;
  }
  if (pathname.includes('\0') || pathname.includes('\\')) return null;
  const relative = pathname === '/' ? 'index.html' : pathname.replace(/^\/+/, '');
  const file = path.resolve(root, relative);
  const rootWithSep = path.resolve(root) + path.sep;
  if (!file.startsWith(rootWithSep)) return null;
  return {
    file,
    contentType: CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream',
  };
}

/** The CSP sent with every renderer response (the page carries the same one in a meta tag). */
export const RENDERER_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');
