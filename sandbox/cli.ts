// `npm run sandbox`: starts the sandbox on 127.0.0.1 and serves until SIGINT/SIGTERM.
import { parseCliArgs, USAGE } from './cli-args';
import { startSandbox } from './index';

async function main(): Promise<void> {
  let args;
  try {
    args = parseCliArgs(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n${USAGE}\n`);
    process.exit(2);
  }
  if (args.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  // stdout carries only our own output (scripts read the --json line); library notices go to stderr.
  console.info = console.error;
  console.log = console.error;

  const sandbox = await startSandbox(args.options);
  const users = sandbox.users.map((u) => ({ username: u.username, password: u.password }));
  if (args.json) {
    process.stdout.write(
      `${JSON.stringify({ issuer: sandbox.issuer, apiBaseUrl: sandbox.apiBaseUrl, clientId: sandbox.clientId, redirectUris: sandbox.redirectUris, users })}\n`,
    );
  } else {
    process.stdout.write(
      [
        'Tapkey sandbox running (loopback only)',
        `  issuer        ${sandbox.issuer}`,
        `  API base URL  ${sandbox.apiBaseUrl}`,
        `  client id     ${sandbox.clientId}`,
        `  redirect URIs ${sandbox.redirectUris.join(', ')} (any loopback port is accepted)`,
        `  demo users    ${users.map((u) => `${u.username} / ${u.password}`).join(', ')}`,
        `  admin         ${sandbox.issuer}/__sandbox/faults (see sandbox/README.md)`,
        'Press Ctrl+C to stop.',
        '',
      ].join('\n'),
    );
  }

  let closing = false;
  const stop = (): void => {
    if (closing) return;
    closing = true;
    sandbox.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

void main().catch((e: unknown) => {
  process.stderr.write(`sandbox failed to start: ${(e as Error).message}\n`);
  process.exit(1);
});
