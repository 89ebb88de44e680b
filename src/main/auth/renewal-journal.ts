import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../fs/atomic-write';
import { readTextIfExists } from '../fs/read-if-exists';
import { tokenFingerprint } from './signed-out-marker';

/**
 * What the journal remembers about the last renewal: the refresh token that was sent (its SHA-256, never the
 * token), and, once an answer arrived that could not be stored in the keychain, the refresh token that answer
 * carries (held in memory by the process that received it).
 */
export interface RenewalRecord {
  sentSha256: string;
  answeredSha256?: string;
  at: string;
}

/**
 * A record of a refresh that was sent and whose answer is not yet in the keychain. Written before the request
 * leaves and removed once its answer is stored (or the server answered that it issued nothing), all under the
 * session lock. A record left behind means the refresh token it names may have been consumed by the server
 * without anyone keeping the new one (a crash, SIGKILL, a connection lost after sending): that token is never
 * sent again, and the user is told the last renewal was interrupted.
 */
export interface RenewalJournal {
  read(): Promise<RenewalRecord | null>;
  /** Records that `refreshToken` is about to be sent. */
  sending(refreshToken: string): Promise<void>;
  /** Records that the answer to the sent token arrived, carrying `refreshToken`, but was not stored. */
  answered(sent: string, refreshToken: string): Promise<void>;
  clear(): Promise<void>;
}

/** True when `record` says `refreshToken` was sent and its answer never reached the keychain. */
export function sentWithoutStoring(record: RenewalRecord | null, refreshToken: string): boolean {
  return record !== null && record.sentSha256 === tokenFingerprint(refreshToken);
}

/** True when `record` says `refreshToken` came in an answer that only its receiver holds. */
export function answeredWith(record: RenewalRecord | null, refreshToken: string): boolean {
  return record?.answeredSha256 === tokenFingerprint(refreshToken);
}

const recordSchema = z.object({
  sentSha256: z.string().regex(/^[0-9a-f]{64}$/),
  answeredSha256: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .optional(),
  at: z.string(),
});

const entry = (sent: string, answered?: string): RenewalRecord => ({
  sentSha256: tokenFingerprint(sent),
  ...(answered ? { answeredSha256: tokenFingerprint(answered) } : {}),
  at: new Date().toISOString(),
});

/**
 * The journal as a file (mode 0600). Written to a temporary file and renamed over, so a reader (a process that
 * only checks, without the lock) sees the old record or the new one, never half of one.
 */
export function fileRenewalJournal(file: string): RenewalJournal {
  const write = async (record: RenewalRecord) => {
    await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
    await writeFileAtomic(file, JSON.stringify(record));
  };
  return {
    async read() {
      const text = await readTextIfExists(file);
      if (text === null) return null;
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        // An unreadable record names no token: it cannot stop any token from being sent.
      }
      const parsed = recordSchema.safeParse(json);
      return parsed.success ? parsed.data : null;
    },
    sending: (refreshToken) => write(entry(refreshToken)),
    answered: (sent, refreshToken) => write(entry(sent, refreshToken)),
    async clear() {
      await rm(file, { force: true });
    },
  };
}

/** The journal in memory: for cores without a session folder, where no other process shares the sign-in. */
export function memoryRenewalJournal(): RenewalJournal {
  let record: RenewalRecord | null = null;
  return {
    read: async () => record,
    sending: async (refreshToken) => {
      record = entry(refreshToken);
    },
    answered: async (sent, refreshToken) => {
      record = entry(sent, refreshToken);
    },
    clear: async () => {
      record = null;
    },
  };
}
