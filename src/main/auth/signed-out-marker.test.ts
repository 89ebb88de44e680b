// The signed-out marker on a real file system: what it keeps (a fingerprint, never the token), how it reads
// a damaged file (still "signed out"), and its file modes.
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectOwnerOnlyWithout } from './session-file.fixture';
import { fileSignedOutMarker, memorySignedOutMarker, tokenFingerprint } from './signed-out-marker';
import { useTempDirs } from '../../../test/support/temp-dirs';

const scratch = useTempDirs('tapkey-marker-');

const sha = (s: string) => createHash('sha256').update(s).digest('hex');

describe('the signed-out marker file', () => {
  it('keeps the SHA-256 of the refresh token, never the token, owner-only in a folder it creates', async () => {
    expect(tokenFingerprint('refresh-1')).toBe(sha('refresh-1'));
    const dir = path.join(scratch(), 'session');
    const file = path.join(dir, 'signed-out.json');
    const marker = fileSignedOutMarker(file);
    expect(await marker.read()).toBeNull();
    const text = await expectOwnerOnlyWithout(file, 'refresh-1', () => marker.write('refresh-1'));
    expect(JSON.parse(text)).toMatchObject({ refreshTokenSha256: sha('refresh-1') });
    expect(await marker.read()).toEqual({ refreshTokenSha256: sha('refresh-1') });
    expect(await fileSignedOutMarker(file).read()).toEqual({
      refreshTokenSha256: sha('refresh-1'),
    });
  });

  it('an unknown token is remembered as "whatever is stored"', async () => {
    const marker = fileSignedOutMarker(path.join(scratch(), 'm.json'));
    await marker.write(null);
    expect(await marker.read()).toEqual({ refreshTokenSha256: null });
  });

  it('a damaged or foreign file still means "signed out", of whatever is stored', async () => {
    const dir = scratch();
    const file = path.join(dir, 'signed-out.json');
    const marker = fileSignedOutMarker(file);
    for (const text of [
      '{',
      '[]',
      '{"refreshTokenSha256":"not-a-hash"}',
      `{"refreshTokenSha256":"${sha('x').toUpperCase()}"}`,
      `{"refreshTokenSha256":"${sha('x')}0"}`,
      `{"refreshTokenSha256":"0${sha('x')}"}`,
    ]) {
      writeFileSync(file, text);
      expect(await marker.read(), text).toEqual({ refreshTokenSha256: null });
    }
  });

  it('clearing forgets it, and clearing twice is fine', async () => {
    const marker = fileSignedOutMarker(path.join(scratch(), 'm.json'));
    await marker.write('refresh-1');
    await marker.clear();
    expect(await marker.read()).toBeNull();
    await expect(marker.clear()).resolves.toBeUndefined();
  });

  it('a marker that cannot be read (not a file) is an error, not "no marker"', async () => {
    const dir = scratch();
    mkdirSync(path.join(dir, 'signed-out.json'));
    await expect(
      fileSignedOutMarker(path.join(dir, 'signed-out.json')).read(),
    ).rejects.toMatchObject({ code: 'EISDIR' });
  });
});

describe('the in-memory marker', () => {
  it('keeps a fingerprint or null, and forgets on clear', async () => {
    const marker = memorySignedOutMarker();
    expect(await marker.read()).toBeNull();
    await marker.write('refresh-1');
    expect(await marker.read()).toEqual({ refreshTokenSha256: sha('refresh-1') });
    await marker.write(null);
    expect(await marker.read()).toEqual({ refreshTokenSha256: null });
    await marker.clear();
    expect(await marker.read()).toBeNull();
  });
});
