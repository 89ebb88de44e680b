import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RENDERER_CSP, resolveAppUrl } from './app-protocol';

const root = path.resolve('/opt/app/renderer');

describe('app:// protocol', () => {
  it('maps app://renderer paths into the renderer folder with a content type', () => {
    expect(resolveAppUrl('app://renderer/index.html', root)).toEqual({
      file: path.join(root, 'index.html'),
      contentType: 'text/html; charset=utf-8',
    });
    expect(resolveAppUrl('app://renderer/', root)?.file).toBe(path.join(root, 'index.html'));
    expect(resolveAppUrl('app://renderer/assets/index-abc.js?x=1', root)).toEqual({
      file: path.join(root, 'assets/index-abc.js'),
      contentType: 'text/javascript; charset=utf-8',
    });
  });

  it('refuses other schemes, hosts, NUL bytes, backslashes and broken encodings', () => {
    for (const url of [
      'file:///etc/passwd',
      'app://other/index.html',
      'app://renderer/..%5c..%5cwindows',
      'app://renderer/a%00.html',
      'app://renderer/%E0%A4%A',
      'not a url',
    ]) {
      expect(resolveAppUrl(url, root), url).toBeNull();
    }
  });

  it('never resolves to a file outside the renderer folder, however the dots are spelled', () => {
    for (const url of [
      'app://renderer/../../etc/passwd',
      'app://renderer/%2e%2e/%2e%2e/etc/passwd',
      'app://renderer/assets/..%2f..%2f..%2fetc/passwd',
      'app://renderer/assets/%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd',
    ]) {
      const r = resolveAppUrl(url, root);
      if (r) expect(r.file.startsWith(root + path.sep), `${url} -> ${r.file}`).toBe(true);
    }
  });

  it('serves a CSP that allows only our own scripts and no network', () => {
    expect(RENDERER_CSP).toContain("default-src 'none'");
    expect(RENDERER_CSP).toContain("script-src 'self'");
    expect(RENDERER_CSP).toContain("connect-src 'none'");
    expect(RENDERER_CSP).not.toContain('unsafe');
  });
});
