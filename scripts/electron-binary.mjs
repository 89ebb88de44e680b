// Finds the Electron runtime without letting its download attempt spill a stack trace on the user.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Returns `{ path }` of a runnable Electron binary, or `{ error }` with one line saying why there is none.
 * TAPKEY_ELECTRON_PATH wins; otherwise the `electron` package resolves it, downloading it on first use
 * (Electron's own behaviour since v45).
 */
export function findElectron() {
  const explicit = process.env.TAPKEY_ELECTRON_PATH;
  if (explicit) {
    return existsSync(explicit)
      ? { path: explicit }
      : { error: `TAPKEY_ELECTRON_PATH points at ${explicit}, which does not exist.` };
  }
  const r = spawnSync(
    process.execPath,
    ['-e', 'process.stdout.write("\\n@@" + require("electron"))'],
    {
      encoding: 'utf8',
      timeout: 10 * 60_000,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const marker = (r.stdout ?? '').lastIndexOf('\n@@');
  if (r.status === 0 && marker >= 0) {
    const binary = r.stdout.slice(marker + 3).trim();
    if (existsSync(binary)) return { path: binary };
  }
  const output = `${r.stdout ?? ''}\n${r.stderr ?? ''}`;
  const url = output.match(/https?:\/\/\S+?\.zip/)?.[0];
  const why =
    r.error?.message ??
    output.match(
      /(ENOTFOUND|ECONNREFUSED|ETIMEDOUT|EAI_AGAIN|ECONNRESET|HTTPError[^\n]*|fetch failed)/,
    )?.[0];
  let version = '';
  try {
    version = ` ${JSON.parse(readFileSync(join('node_modules', 'electron', 'package.json'), 'utf8')).version}`;
  } catch {
    // Without the package the message still stands.
  }
  return {
    error:
      `The Electron${version} runtime is not installed and could not be downloaded${url ? ` from ${url}` : ''}` +
      `${why ? ` (${why})` : ''}. Run once on a machine with internet access, or set TAPKEY_ELECTRON_PATH to an Electron binary.`,
  };
}

/**
 * The Electron binary if one is already on this machine (TAPKEY_ELECTRON_PATH, or the `electron` package's
 * completed download), else null. Never downloads: tests must not depend on the network.
 */
export function installedElectron(root = process.cwd()) {
  const explicit = process.env.TAPKEY_ELECTRON_PATH;
  if (explicit) return existsSync(explicit) ? explicit : null;
  const pathFile = join(root, 'node_modules', 'electron', 'path.txt');
  if (!existsSync(pathFile)) return null;
  const binary = join(
    root,
    'node_modules',
    'electron',
    'dist',
    readFileSync(pathFile, 'utf8').trim(),
  );
  return existsSync(binary) ? binary : null;
}
