// `npm start`: build, start the local Tapkey sandbox (unless TAPKEY_ISSUER points elsewhere), launch Electron.
import { spawn, spawnSync } from 'node:child_process';
import { createInterface } from 'node:readline';
import { findElectron } from './electron-binary.mjs';

function fail(message) {
  console.error(`tapkey-locks: ${message}`);
  process.exit(1);
}

const built = spawnSync('npm', ['run', '--silent', 'build'], { stdio: 'inherit' });
if (built.status !== 0) fail('the build failed (see above).');

const electron = findElectron();
if (electron.error) fail(electron.error);

const env = { ...process.env, TAPKEY_LOCKS_DEV: '1' };
let sandbox = null;
if (!process.env.TAPKEY_ISSUER) {
  sandbox = spawn(
    'npx',
    ['tsx', 'sandbox/cli.ts', '--json', '--port', process.env.TAPKEY_SANDBOX_PORT ?? '0'],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const line = await new Promise((resolve, reject) => {
    createInterface({ input: sandbox.stdout }).once('line', resolve);
    sandbox.once('exit', (code) =>
      reject(new Error(`the sandbox exited (code ${code}) before it was ready.`)),
    );
  }).catch((e) => fail(e.message));
  const info = JSON.parse(line);
  Object.assign(env, {
    TAPKEY_ISSUER: info.issuer,
    TAPKEY_API_BASE_URL: info.apiBaseUrl,
    TAPKEY_CLIENT_ID: info.clientId,
    TAPKEY_REDIRECT_URI: info.redirectUris[0],
  });
  const demo = info.users[0];
  console.log(`Sandbox at ${info.issuer}: sign in as ${demo.username} / ${demo.password}`);
}

const app = spawn(electron.path, ['.'], { stdio: 'inherit', env });
const stop = () => {
  app.kill();
  sandbox?.kill();
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
app.on('exit', (code) => {
  sandbox?.kill();
  process.exit(code ?? 0);
});
