import type { User } from './types.js';

/** A non-empty trimmed string, or undefined for anything else (numbers, objects, blanks). */
function text(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

function first(claims: Record<string, unknown>, ...names: string[]): string | undefined {
  for (const name of names) {
    const value = text(claims[name]);
    if (value !== undefined) return value;
  }
  return undefined;
}

/** yyyy-MM-dd when the parts form a real calendar date, else undefined. */
function isoDate(year: string, month: string, day: string): string | undefined {
  const y = Number(year);
  const m = Number(month);
  const d = Number(day);
  if (y < 1 || m < 1 || m > 12 || d < 1) return undefined;
  const date = new Date(Date.UTC(2000, m - 1, d));
  date.setUTCFullYear(y);
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return undefined;
  return `${year}-${month}-${day}`;
}

/** `birthdate` (yyyy-MM-dd) or the national portal's `NgayThangNamSinh` (yyyyMMdd). */
function birthDate(claims: Record<string, unknown>): string | undefined {
  const standard = text(claims.birthdate)?.match(/^(\d{4})-(\d{2})-(\d{2})$/);
  const standardDate = standard && isoDate(standard[1]!, standard[2]!, standard[3]!);
  if (standardDate) return standardDate;
  const national = text(claims.NgayThangNamSinh)?.match(/^(\d{4})-?(\d{2})-?(\d{2})$/);
  return national ? isoDate(national[1]!, national[2]!, national[3]!) : undefined;
}

function gender(value: unknown): string | undefined {
  if (value === 1) return 'male';
  if (value === 0) return 'female';
  const given = text(value);
  if (given === undefined) return undefined;
  const key = given.normalize('NFC').toLowerCase();
  if (key === 'nam' || key === '1' || key === 'male') return 'male';
  if (key === 'nữ' || key === '0' || key === 'female') return 'female';
  return given;
}

function accountType(value: unknown): 1 | 2 | 3 | undefined {
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : NaN;
  return n === 1 || n === 2 || n === 3 ? n : undefined;
}

/**
 * One `User` from standard OpenID claims and the national portal's claims. Standard claims win
 * when both are present; values of the wrong type are ignored, never stringified.
 */
export function normaliseUser(sub: string, claims: Record<string, unknown>): User {
  const user: User = { sub, vneid: false, claims: { ...claims, sub } };
  const name = first(claims, 'name', 'HoVaTen');
  if (name) user.name = name;
  const idNumber = first(claims, 'SoDinhDanh');
  if (idNumber) user.idNumber = idNumber;
  const legacy = first(claims, 'SoCMND');
  if (legacy) user.legacyIdNumber = legacy;
  const birth = birthDate(claims);
  if (birth) user.birthDate = birth;
  const phone = first(claims, 'phone_number', 'SoDienThoai');
  if (phone) user.phone = phone;
  const sex = gender(claims.gender) ?? gender(claims.GioiTinh);
  if (sex) user.gender = sex;
  const idp = first(claims, 'loginIdp');
  if (idp) {
    user.idp = idp;
    user.vneid = idp.toUpperCase() === 'BCA';
  }
  const type = accountType(claims.LoaiTaiKhoan);
  if (type) user.accountType = type;
  return user;
}
