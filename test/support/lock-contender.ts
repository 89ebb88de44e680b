// One contender for the session lock, as its own process (run with `node --import tsx`): on each message from the
// parent it takes the real file lock and, while holding it, claims a marker file with O_EXCL. A second holder at
// the same moment finds the marker taken: it reports that as an overlap.
import { closeSync, constants, openSync, rmSync } from 'node:fs';
import { fileSessionLock } from '../../src/main/auth/session-lock';
import { silentLogger } from '../../src/main/log';

const [lockFile, markerFile] = process.argv.slice(2) as [string, string];
const lock = fileSessionLock(lockFile, silentLogger, { waitMs: 30_000 });

process.on('message', (message: { trial: number }) => {
  let overlap = false;
  void lock
    .withLock(async () => {
      try {
        closeSync(openSync(markerFile, constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY));
      } catch {
        overlap = true;
      }
      // Hold a little, so a second holder would have time to show up.
      await new Promise((resolve) => setTimeout(resolve, 2 + Math.random() * 8));
      if (!overlap) rmSync(markerFile);
    })
    .then(
      () => process.send!({ trial: message.trial, overlap }),
      (e: unknown) => process.send!({ trial: message.trial, error: String(e) }),
    );
});
process.send!({ ready: true });
