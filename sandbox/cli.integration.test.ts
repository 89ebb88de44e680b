import { spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { parseCliArgs } from './cli-args';

const root = path.resolve(import.meta.dirname, '..');

describe('sandbox CLI', () => {
  it('prints exactly one JSON line with --json, serves, and exits cleanly on SIGTERM', async () => {
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        'sandbox/cli.ts',
        '--json',
        '--owners',
        '2',
        '--locks',
        '5',
        '--seed',
        'cli',
      ],
      {
        cwd: root,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    try {
      const lines = createInterface({ input: child.stdout });
      const [line] = (await Promise.race([
        once(lines, 'line'),
        once(child, 'exit').then(([code]) => {
          throw new Error(`cli exited early with ${code}`);
        }),
      ])) as [string];
      const info = JSON.parse(line) as {
        issuer: string;
        apiBaseUrl: string;
        clientId: string;
        redirectUris: string[];
        users: { username: string; password: string }[];
      };
      expect(Object.keys(info)).toEqual([
        'issuer',
        'apiBaseUrl',
        'clientId',
        'redirectUris',
        'users',
      ]);
      expect(info.issuer).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(info.apiBaseUrl).toBe(`${info.issuer}/api/v1/`);
      expect(info.clientId).toBe('tapkey-locks-desktop');
      expect(info.redirectUris).toEqual(['http://127.0.0.1:8111/callback']);
      expect(info.users).toEqual([
        { username: 'alice', password: 'alice-password' },
        { username: 'bob', password: 'bob-password' },
        { username: 'carol', password: 'carol-password' },
      ]);
      const discovery = await fetch(`${info.issuer}/.well-known/openid-configuration`);
      expect(((await discovery.json()) as { issuer: string }).issuer).toBe(info.issuer);

      const more: string[] = [];
      lines.on('line', (l) => more.push(l));
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      const [code, signal] = (await exited) as [number | null, string | null];
      expect(code === 0 || signal === 'SIGTERM').toBe(true);
      expect(more).toEqual([]);
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
  });

  it('parses the documented flags and refuses bad numbers', () => {
    expect(
      parseCliArgs([
        '--port',
        '9000',
        '--owners',
        '200',
        '--locks',
        '2000',
        '--latency',
        '50',
        '--seed',
        's',
        '--json',
      ]).options,
    ).toMatchObject({
      port: 9000,
      owners: 200,
      locks: 2000,
      latencyMs: 50,
      seed: 's',
    });
    expect(parseCliArgs(['--json']).json).toBe(true);
    expect(parseCliArgs(['--no-revocation']).options.revocation).toBe(false);
    expect(parseCliArgs([]).options).not.toHaveProperty('revocation');
    expect(() => parseCliArgs(['--port', '70000'])).toThrow();
    expect(() => parseCliArgs(['--owners', '-1'])).toThrow();
    expect(() => parseCliArgs(['--bogus'])).toThrow();
  });
});
