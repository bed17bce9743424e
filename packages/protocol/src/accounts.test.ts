import { describe, expect, it } from 'vitest';
import {
  ChangePasswordBody,
  DeviceInfo,
  DisplayName,
  isReservedUsername,
  Password,
  RegisterBody,
  Signature,
  SignInBody,
  UpdateProfileBody,
  Username,
} from './accounts';

const ok = (schema: { safeParse(v: unknown): { success: boolean } }, v: unknown) =>
  expect(schema.safeParse(v).success, `refused ${JSON.stringify(v)}`).toBe(true);
const bad = (schema: { safeParse(v: unknown): { success: boolean } }, v: unknown) =>
  expect(schema.safeParse(v).success, `accepted ${JSON.stringify(v)}`).toBe(false);

describe('Username', () => {
  it('is 3–32 characters of letters, digits, _ and ., starting with a letter', () => {
    for (const u of ['abc', 'alice', 'Alice', 'a_b.c', 'x12', 'z'.repeat(32), 'bob.smith_2']) ok(Username, u);
  });

  it('refuses 2 characters and 33 characters', () => {
    bad(Username, 'ab');
    bad(Username, 'a'.repeat(33));
  });

  it('refuses a leading digit, _ or .', () => {
    for (const u of ['1abc', '_abc', '.abc']) bad(Username, u);
  });

  it('refuses other characters: spaces, dashes, @, non-ASCII letters, confusables', () => {
    for (const u of ['al ice', 'al-ice', 'al@ice', '小明明', 'аlice', 'alice\n', 'ａlice', 'alı̇ce']) {
      bad(Username, u);
    }
  });

  it('refuses non-strings', () => {
    for (const u of [null, 123, ['alice'], { u: 'alice' }]) bad(Username, u);
  });
});

describe('isReservedUsername', () => {
  it('reserves system and staff names without regard to case', () => {
    for (const u of ['admin', 'Admin', 'ADMIN', 'root', 'System', 'liao', 'Support', 'official']) {
      expect(isReservedUsername(u), u).toBe(true);
    }
  });

  it('also after removing _ and ., so that "ad.min" and "A_d_m_i_n" are reserved', () => {
    for (const u of ['ad.min', 'A_d_m_i_n', 'ro.ot', 'sys_tem', 'l.i.a.o']) {
      expect(isReservedUsername(u), u).toBe(true);
    }
  });

  it('does not reserve ordinary names that merely contain a reserved word', () => {
    for (const u of ['adminton', 'alice', 'rooter', 'mediator']) expect(isReservedUsername(u), u).toBe(false);
  });
});

describe('DisplayName', () => {
  it('is NFC-normalised and trimmed', () => {
    expect(DisplayName.parse(' e\u0301 ')).toBe('\u00e9');
  });

  it('is 1–32 characters counted in code points', () => {
    ok(DisplayName, '小');
    ok(DisplayName, '🐼'.repeat(32));
    bad(DisplayName, '🐼'.repeat(33));
    bad(DisplayName, '');
  });

  it('refuses control characters, bidi overrides and isolates, lone surrogates, invisible-only text', () => {
    for (const v of ['a\u0000', 'a\nb', 'evil\u202Egnp.exe', 'a\u2066b', 'x\ud800', '\u200B\u3164'])
      bad(DisplayName, v);
  });
});

describe('Signature', () => {
  it('may be cleared with an empty string and holds at most 60 characters', () => {
    expect(Signature.parse('')).toBe('');
    ok(Signature, '好'.repeat(60));
    bad(Signature, '好'.repeat(61));
    bad(Signature, 'a\u202Eb');
  });
});

describe('Password', () => {
  it('is at least 8 characters and at most 256', () => {
    bad(Password, '1234567');
    ok(Password, '12345678');
    ok(Password, 'p'.repeat(256));
    bad(Password, 'p'.repeat(257));
  });
});

describe('RegisterBody', () => {
  const valid = { username: 'alice', password: 'correct horse', displayName: 'Alice' };

  it('defaults the token transport to a cookie', () => {
    expect(RegisterBody.parse(valid).transport).toBe('cookie');
    expect(RegisterBody.parse({ ...valid, transport: 'bearer' }).transport).toBe('bearer');
  });

  it('is strict: extra fields are refused, including __proto__ keys', () => {
    bad(RegisterBody, { ...valid, admin: true });
    bad(
      RegisterBody,
      JSON.parse('{"username":"alice","password":"correct horse","displayName":"A","__proto__":{"x":1}}'),
    );
  });

  it('refuses missing fields, wrong types and unknown transports', () => {
    bad(RegisterBody, { username: 'alice', password: 'correct horse' });
    bad(RegisterBody, { ...valid, password: 12345678 });
    bad(RegisterBody, { ...valid, transport: 'url' });
  });

  it('takes an optional device with a known platform', () => {
    ok(RegisterBody, { ...valid, device: { name: 'My PC', platform: 'desktop' } });
    bad(RegisterBody, { ...valid, device: { name: 'My PC', platform: 'toaster' } });
    bad(DeviceInfo, { name: 'a\u202Eb', platform: 'web' });
  });
});

describe('SignInBody', () => {
  it('does not apply the username rules (old or odd names can still try), but bounds lengths', () => {
    ok(SignInBody, { username: 'Al', password: 'x' });
    bad(SignInBody, { username: '', password: 'x' });
    bad(SignInBody, { username: 'a'.repeat(65), password: 'x' });
    bad(SignInBody, { username: 'alice', password: 'x'.repeat(257) });
  });
});

describe('UpdateProfileBody', () => {
  it('needs at least one change and refuses unknown fields', () => {
    bad(UpdateProfileBody, {});
    bad(UpdateProfileBody, { username: 'mallory' });
    ok(UpdateProfileBody, { discoverable: false });
    ok(UpdateProfileBody, { signature: '' });
    bad(UpdateProfileBody, { discoverable: 'no' });
  });
});

describe('ChangePasswordBody', () => {
  it('holds the new password to the password rules', () => {
    ok(ChangePasswordBody, { currentPassword: 'x', newPassword: 'long enough' });
    bad(ChangePasswordBody, { currentPassword: 'x', newPassword: 'short' });
    bad(ChangePasswordBody, { currentPassword: '', newPassword: 'long enough' });
  });
});
