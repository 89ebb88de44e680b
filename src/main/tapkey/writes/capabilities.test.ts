import { describe, expect, it } from 'vitest';
import { capabilitiesOf, SCOPES_TO_WRITE, WRITE_HINTS } from './capabilities';

const all = ['read:owneraccounts', 'offline_access', ...SCOPES_TO_WRITE];

describe('whether a sign-in may write', () => {
  it('needs the write scopes and the reads a change looks with', () => {
    expect(SCOPES_TO_WRITE).toEqual([
      'write:grants',
      'write:core:entities',
      'read:grants',
      'read:core:entities',
    ]);
    expect(capabilitiesOf(all, true, 5000)).toEqual({
      canWrite: true,
      missingScopes: [],
      manageAccessSetting: true,
      hint: null,
      undoWindowMs: 5000,
    });
  });

  it('says what is missing and what to do, by whether Manage access is on', () => {
    const without = all.filter((s) => s !== 'write:grants');
    expect(capabilitiesOf(without, false, 5000)).toMatchObject({
      canWrite: false,
      missingScopes: ['write:grants'],
      manageAccessSetting: false,
      hint: WRITE_HINTS.settingOff,
    });
    expect(capabilitiesOf(without, true, 5000)).toMatchObject({
      canWrite: false,
      hint: WRITE_HINTS.notGranted,
    });
    expect(WRITE_HINTS.settingOff).toMatch(/Settings → Manage access.*Tapkey portal/);
  });

  it('signed out: nothing is missing from a sign-in that is not there, and it cannot write', () => {
    expect(capabilitiesOf(null, true, 0)).toEqual({
      canWrite: false,
      missingScopes: [],
      manageAccessSetting: true,
      hint: WRITE_HINTS.signedOut,
      undoWindowMs: 0,
    });
  });
});
