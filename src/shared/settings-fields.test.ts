// The names and hints the forms show agree with the rules validation applies, so a user who follows a hint gets
// no error, and an error names the field the way its label does.
import { describe, expect, it } from 'vitest';
import type { Settings } from './model';
import { SETTINGS_FIELDS } from './settings-fields';
import { validateSettings } from './settings-validation';
import { configured } from '../../test/support/sample-data';

const good: Settings = configured;
const fields = Object.entries(SETTINGS_FIELDS) as [
  keyof typeof SETTINGS_FIELDS,
  (typeof SETTINGS_FIELDS)[keyof typeof SETTINGS_FIELDS],
][];

describe('settings field texts', () => {
  it('give examples that pass validation, in the hint the user reads', () => {
    for (const [name, text] of fields) {
      if (!('example' in text)) continue;
      expect(text.hint, name).toContain(text.example);
      expect(validateSettings({ ...good, [name]: text.example }), name).toEqual({});
    }
  });

  it('name each field in its validation errors the way its label does', () => {
    const wrong: Record<keyof typeof SETTINGS_FIELDS, string[]> = {
      clientId: ['', 'has space'],
      issuer: [
        'login.tapkey.com',
        'http://login.tapkey.com',
        'https://u:p@login.tapkey.com',
        'https://x/?a',
      ],
      apiBaseUrl: ['ftp://x', 'http://my.tapkey.com/api/v1/'],
      redirectUri: [
        'x',
        'https://127.0.0.1:8111/cb',
        'http://localhost:8111/cb',
        'http://127.0.0.1/cb',
        'http://127.0.0.1:8111/cb#x',
      ],
    };
    for (const [name, text] of fields) {
      for (const value of wrong[name]) {
        const error = validateSettings({ ...good, [name]: value })[name];
        expect(error, `${name}=${value}`).toBeDefined();
        expect(error!.startsWith(`${text.label} `), `${name}=${value}: ${error}`).toBe(true);
      }
    }
  });

  it('state the redirect URI rules validation enforces: an IP literal and a port, never localhost', () => {
    const hint = SETTINGS_FIELDS.redirectUri.hint;
    expect(hint).toContain('127.0.0.1 or [::1]');
    expect(hint).toContain('port');
    expect(hint).not.toMatch(/localhost/);
    expect(
      validateSettings({ ...good, redirectUri: 'http://localhost:8111/callback' }).redirectUri,
    ).toBeDefined();
  });
});
