// For tests that must run code under another environment (no D-Bus, a locked keyring): a child process that
// prints one JSON line, which this resolves with.
import { spawn } from 'node:child_process';

/** Runs `command` with `env` on top of this process's environment (no display); resolves with its JSON line. */
export function runJsonChild<T>(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      env: { ...process.env, DISPLAY: '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const line = stdout.split('\n').find((l) => l.startsWith('{'));
      if (line) resolve(JSON.parse(line) as T);
      else
        reject(
          new Error(`${command} exited ${code} with no JSON line printed: ${stderr.slice(-3000)}`),
        );
    });
  });
}
