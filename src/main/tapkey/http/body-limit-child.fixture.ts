// A child process for the body-limit tests: reads one API answer through the request layer and prints how it
// ended and the process's own peak memory, so the measurement holds this process alone, not the test's server.
import { silentLogger } from '../../log';
import { createGetJson } from './read';
import { defaultHttpOptions } from './options';

const url = new URL(process.argv[2]!);
const getJson = createGetJson(
  { getAccessToken: async () => 'test-token', refreshAfterUnauthorized: async () => 'test-token' },
  silentLogger,
  { ...defaultHttpOptions, maxAttempts: 1 },
);
let outcome: { code: string; message: string } | { code: 'ok' };
try {
  await getJson(url, { what: 'the test list', scope: 'read:core:entities' });
  outcome = { code: 'ok' };
} catch (e) {
  const f = e as { code?: string; message?: string };
  outcome = { code: f.code ?? 'thrown', message: f.message ?? String(e) };
}
// maxRSS is in kilobytes.
process.stdout.write(
  `${JSON.stringify({ ...outcome, maxRssMB: Math.round(process.resourceUsage().maxRSS / 1024) })}\n`,
);
process.exit(0);
