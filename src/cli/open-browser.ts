import { spawn } from 'node:child_process';
import { safeExternalUrl } from '../main/windows/external-url';

/** Opens an http(s) URL in the default browser with the platform's opener; rejects when none could start. */
export function openBrowser(url: string): Promise<void> {
  const safe = safeExternalUrl(url);
  if (!safe) return Promise.reject(new Error('refusing to open a non-http(s) URL'));
  const [command, args] =
    process.platform === 'darwin'
      ? ['open', [safe]]
      : process.platform === 'win32'
        ? ['rundll32', ['url.dll,FileProtocolHandler', safe]]
        : ['xdg-open', [safe]];
  return new Promise((resolve, reject) => {
    const child = spawn(command, args as string[], { stdio: 'ignore', detached: true });
    child.once('error', reject);
    child.once('spawn', () => {
      child.unref();
      resolve();
    });
  });
}
