// The whole test suite, as `npm test` runs it: type-check, lint, format check and unused code (knip), two at a
// time, then build, then the test layers (vitest.config.ts). The unit layer (unit and component tests) runs on
// its own, with no D-Bus session, which proves it needs none; then the integration tests (vitest) and the
// browser journeys (Playwright). On Linux those two get a private D-Bus session with an unlocked, throwaway
// gnome-keyring (scripts/keyring-session.mjs), so the real Secret Service is exercised and the user's keyring
// never touched.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { installedElectron } from './electron-binary.mjs';
import {
  needsKeyringSession,
  run as runCommand,
  runInKeyringSession,
  shellQuote,
} from './keyring-session.mjs';

const inside = process.argv.includes('--inside-keyring-session');
const passthrough = process.argv.slice(2).filter((a) => a !== '--inside-keyring-session');

const run = (label, command, args, env = process.env) => runCommand(command, args, { env, label });

const results = {
  unit: 'test-results/vitest-unit.json',
  integration: 'test-results/vitest-integration.json',
  journeys: 'test-results/playwright.json',
};

/** Vitest over some of the layers' projects, with a JSON report for the summary. */
function vitest(label, projects, json, env = process.env, extra = []) {
  return run(
    label,
    'npx',
    [
      'vitest',
      'run',
      ...projects.flatMap((p) => ['--project', p]),
      ...extra,
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${json}`,
    ],
    env,
  );
}

/** The layers that need real parts: the integration tests, then the journeys. Returns whether both passed. */
function realLayers() {
  // Integration files spend most of their time waiting (servers, child processes, slow answers played on
  // purpose), so more of them run at once than there are cores; vitest's default is one fewer than the cores.
  const integration = vitest(
    'integration tests (vitest)',
    ['integration'],
    results.integration,
    process.env,
    [`--maxWorkers=${Math.max(3, availableParallelism())}`],
  );

  // Electron journeys need the Electron runtime; where none is installed they cannot run, and we say so.
  const electronBinary = installedElectron();
  const playwrightArgs = ['playwright', 'test'];
  let playwrightCommand = 'npx';
  if (electronBinary) {
    console.log(`\nElectron journeys: using ${electronBinary}`);
    if (process.platform === 'linux' && !process.env.DISPLAY) {
      playwrightCommand = 'xvfb-run';
      playwrightArgs.unshift('-a', 'npx');
    }
  } else {
    playwrightArgs.push('--project', 'browser');
    console.log(
      '\nElectron journeys NOT run: no Electron binary on this machine (set TAPKEY_ELECTRON_PATH, or run `npm start` once to download it); ' +
        'the browser journeys below cover the same flows against the real main-process core.',
    );
  }
  const journeys = run('journeys (Playwright)', playwrightCommand, playwrightArgs, {
    ...process.env,
    ...(electronBinary ? { TAPKEY_ELECTRON_PATH: electronBinary } : {}),
  });
  return integration === 0 && journeys === 0;
}

if (inside) process.exit(realLayers() ? 0 : 1);

/**
 * Runs npm scripts two at a time (each check keeps about one core busy), printing each one's output in one
 * piece when it ends; resolves to the labels of those that failed.
 */
async function twoAtATime(steps) {
  const failed = [];
  const queue = [...steps];
  const worker = async () => {
    for (let step = queue.shift(); step; step = queue.shift()) {
      const [label, script] = step;
      const started = Date.now();
      const child = spawn('npm', ['run', '--silent', script], {
        stdio: ['ignore', 'pipe', 'pipe'],
        shell: process.platform === 'win32',
      });
      const output = [];
      child.stdout.on('data', (d) => output.push(d));
      child.stderr.on('data', (d) => output.push(d));
      const status = await new Promise((resolve) => {
        child.on('error', () => resolve(1));
        child.on('close', (code) => resolve(code ?? 1));
      });
      console.log(`\n▶ ${label}`);
      process.stdout.write(Buffer.concat(output));
      console.log(`◀ ${label}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
      if (status !== 0) failed.push(label);
    }
  };
  await Promise.all([worker(), worker()]);
  return failed;
}

const staticFailures = await twoAtATime([
  ['type-check', 'typecheck'],
  ['lint', 'lint'],
  ['format', 'format:check'],
  ['unused files, exports and dependencies (knip)', 'knip'],
]);
if (staticFailures.length) {
  for (const label of staticFailures) console.error(`\n✖ ${label} failed`);
  process.exit(1);
}
if (run('build', 'npm', ['run', '--silent', 'build']) !== 0) {
  console.error('\n✖ build failed');
  process.exit(1);
}

mkdirSync('test-results', { recursive: true });
for (const json of Object.values(results)) rmSync(json, { force: true });

// No session bus and no display: a unit test that reached for the keychain would fail here, not pass by luck.
const { DBUS_SESSION_BUS_ADDRESS: _bus, ...withoutBus } = process.env;
const unitPassed =
  vitest(
    'unit layer: unit and component tests (vitest, no D-Bus)',
    ['unit', 'components'],
    results.unit,
    {
      ...withoutBus,
      DISPLAY: '',
    },
  ) === 0;

let realPassed;
if (needsKeyringSession()) {
  const status = runInKeyringSession(
    `node scripts/test.mjs --inside-keyring-session ${passthrough.map(shellQuote).join(' ')}`,
    'integration tests and journeys (private D-Bus session + gnome-keyring)',
  );
  realPassed = status === 0;
} else {
  realPassed = realLayers();
}

let passed = 0;
let failed = 0;
let skipped = 0;
for (const json of [results.unit, results.integration]) {
  if (!existsSync(json)) continue;
  const v = JSON.parse(readFileSync(json, 'utf8'));
  passed += v.numPassedTests ?? 0;
  failed += v.numFailedTests ?? 0;
  skipped += (v.numPendingTests ?? 0) + (v.numTodoTests ?? 0);
}
if (existsSync(results.journeys)) {
  const s = JSON.parse(readFileSync(results.journeys, 'utf8')).stats ?? {};
  passed += s.expected ?? 0;
  failed += (s.unexpected ?? 0) + (s.flaky ?? 0);
  skipped += s.skipped ?? 0;
}
const ranNothing = passed + failed === 0;
const ok = unitPassed && realPassed && !ranNothing;
if (!ok) failed = Math.max(failed, 1);
console.log(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(ok ? 0 : 1);
