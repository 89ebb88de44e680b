import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';

/**
 * Runs `write`, which records `secret` in `file` (in a session folder it creates), and checks what it left: the
 * secret nowhere in the text, the file owner-only (0600) in an owner-only folder (0700). Returns the text.
 */
export async function expectOwnerOnlyWithout(
  file: string,
  secret: string,
  write: () => Promise<void>,
): Promise<string> {
  await write();
  const text = readFileSync(file, 'utf8');
  expect(text).not.toContain(secret);
  expect(statSync(file).mode & 0o777).toBe(0o600);
  expect(statSync(path.dirname(file)).mode & 0o777).toBe(0o700);
  return text;
}
