// `npm run dist`: build, then package installers with electron-builder. electron-builder downloads the
// Electron runtime for each target; where that is impossible this stops with one line naming what failed.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const built = spawnSync('sh', ['-c', 'npm run --silent icons && npm run --silent build'], {
  stdio: 'inherit',
});
if (built.status !== 0) process.exit(1);

const r = spawnSync(
  'npx',
  ['electron-builder', '--config', 'electron-builder.yml', ...process.argv.slice(2)],
  {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 30 * 60_000,
  },
);
const output = `${r.stdout ?? ''}${r.stderr ?? ''}`;
if (r.status === 0) {
  process.stdout.write(output);
  process.exit(0);
}
const url = output.match(/https?:\/\/[^\s"']+/)?.[0];
const network = output.match(
  /\b(ENOTFOUND|ECONNREFUSED|ETIMEDOUT|EAI_AGAIN|ECONNRESET|ENETUNREACH)\b(?: ([\w.-]+))?/,
);
if (url || network) {
  const electronVersion = JSON.parse(
    readFileSync('node_modules/electron/package.json', 'utf8'),
  ).version;
  const what =
    url ??
    `the Electron ${electronVersion} runtime for ${process.platform}-${process.arch}${network?.[2] ? ` from ${network[2]}` : ''}`;
  console.error(
    `tapkey-locks dist: could not download ${what}${network ? ` (${network[1]})` : ''}; packaging needs network access to Electron's release downloads.`,
  );
} else {
  process.stderr.write(output);
  console.error('tapkey-locks dist: electron-builder failed (see above).');
}
process.exit(1);
