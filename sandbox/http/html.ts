/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

// Pages are self-contained: no external resources, no scripts; inline styles only.
const CSP =
  "default-src 'none'; style-src 'unsafe-inline'; img-src 'none'; base-uri 'none'; frame-ancestors 'none'";

/** A complete HTML page with the sandbox's look and a strict CSP header value to send with it. */
export function htmlPage(title: string, body: string): { html: string; csp: string } {
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · Tapkey sandbox</title>
<style>
body{font-family:system-ui,sans-serif;max-width:28rem;margin:3rem auto;padding:0 1rem;color:#1b1b1b}
label{display:block;margin:.75rem 0 .25rem}
input{width:100%;padding:.5rem;box-sizing:border-box}
button{margin:1rem .5rem 0 0;padding:.5rem 1.25rem}
.error{color:#a00000;border:1px solid #a00000;padding:.5rem}
.demo{background:#f3f3f3;padding:.5rem;font-size:.9rem}
</style>
</head>
<body>
<main>
<p><strong>Tapkey sandbox</strong> — a local stand-in for login.tapkey.com</p>
${body}
</main>
</body>
</html>
`;
  return { html, csp: CSP };
}
