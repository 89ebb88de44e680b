import { describe, expect, it } from 'vitest';
import type { Settings } from '../../../shared/model';
import {
  firstInvalidField,
  isDirty,
  needsNewSignIn,
  signsOutOnSave,
  trimmed,
  visibleErrors,
  withEdit,
} from './settings-form';
import { configured } from '../../../../test/support/sample-data';

const good: Settings = configured;

describe('settings form', () => {
  it('shows errors only for touched fields until the user tries to save', () => {
    const bad = { ...good, clientId: '', issuer: 'http://example.com' };
    expect(visibleErrors(bad, new Set(), false)).toEqual({});
    expect(Object.keys(visibleErrors(bad, new Set(['issuer']), false))).toEqual(['issuer']);
    expect(Object.keys(visibleErrors(bad, new Set(), true)).sort()).toEqual(['clientId', 'issuer']);
  });

  it('finds the first invalid field in display order', () => {
    expect(firstInvalidField({ redirectUri: 'x', issuer: 'y' })).toBe('issuer');
    expect(firstInvalidField({})).toBeNull();
  });

  it('knows when saving signs the user out (src/shared/settings-change.test.ts checks it agrees with main)', () => {
    expect(signsOutOnSave(true, good, { ...good, signInMode: 'system-browser' })).toBe(false);
    expect(signsOutOnSave(true, good, { ...good, issuer: ' https://login.tapkey.com/ ' })).toBe(
      false,
    );
    expect(signsOutOnSave(true, good, { ...good, issuer: 'https://login.sandbox.tapkey.io' })).toBe(
      true,
    );
    expect(signsOutOnSave(true, good, { ...good, clientId: 'other' })).toBe(true);
  });

  it('trims what it sends', () => {
    expect(trimmed({ ...good, clientId: '  id ' }).clientId).toBe('id');
  });
});

describe('isDirty', () => {
  it('is false for the saved values and for edits main would tidy away (spaces, trailing slashes)', () => {
    expect(isDirty(good, good)).toBe(false);
    expect(isDirty(good, { ...good, clientId: ` ${good.clientId} ` })).toBe(false);
    expect(isDirty(good, { ...good, issuer: 'https://Login.tapkey.com/' })).toBe(false);
    expect(isDirty(good, { ...good, apiBaseUrl: 'https://my.tapkey.com/api/v1' })).toBe(false);
  });

  it('is true for any field Save would change, including the sign-in mode', () => {
    expect(isDirty(good, { ...good, clientId: 'other' })).toBe(true);
    expect(isDirty(good, { ...good, issuer: 'https://login.example.com' })).toBe(true);
    expect(isDirty(good, { ...good, apiBaseUrl: 'https://my.example.com/api/v1/' })).toBe(true);
    expect(isDirty(good, { ...good, redirectUri: 'http://127.0.0.1:8112/callback' })).toBe(true);
    expect(isDirty(good, { ...good, signInMode: 'system-browser' })).toBe(true);
    expect(isDirty(good, { ...good, accessData: true })).toBe(true);
    // A setting only one side has (saved before it existed) counts too.
    expect(isDirty(good, { ...good, manageAccess: true })).toBe(true);
    expect(isDirty({ ...good, manageAccess: true }, good)).toBe(true);
    expect(isDirty(good, { ...good, manageAccess: false })).toBe(false);
  });

  it('keeps Manage access on top of Access data: on turns both on, Access data off turns both off', () => {
    expect(withEdit(good, 'manageAccess', true)).toEqual({
      ...good,
      accessData: true,
      manageAccess: true,
    });
    const both = { ...good, accessData: true, manageAccess: true };
    expect(withEdit(both, 'accessData', false)).toEqual({
      ...good,
      accessData: false,
      manageAccess: false,
    });
    // Turning Manage access off leaves Access data as it was.
    expect(withEdit(both, 'manageAccess', false)).toEqual({ ...both, manageAccess: false });
    expect(withEdit(good, 'clientId', 'x')).toEqual({ ...good, clientId: 'x' });
  });

  it('asks for a new sign-in only when Manage access is newly on and the sign-in cannot write yet', () => {
    const on = { ...good, accessData: true, manageAccess: true };
    expect(needsNewSignIn(true, false, good, on)).toBe(true);
    expect(needsNewSignIn(false, false, good, on)).toBe(false);
    expect(needsNewSignIn(true, true, good, on)).toBe(false);
    expect(needsNewSignIn(true, false, on, on)).toBe(false);
    expect(needsNewSignIn(true, false, good, good)).toBe(false);
  });
});
