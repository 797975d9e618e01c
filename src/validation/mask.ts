/**
 * Masking for personal data on screen (Decree 13/2023): the last three digits of phone and ID
 * numbers stay visible, everything else becomes "*".
 */
import { normalizePhone } from './phone.js';

/** "0912345123" → "*******123"; keeps `visible` trailing characters, masks the rest one for one. */
export function maskTail(value: string, visible = 3): string {
  const chars = Array.from(value ?? '');
  if (visible <= 0 || chars.length <= visible) return '*'.repeat(chars.length);
  return '*'.repeat(chars.length - visible) + chars.slice(-visible).join('');
}

/**
 * A mobile number with only its last three digits: "+84 912 345 123" → "*******123".
 * Input that is not a mobile number is masked as it is (separators removed).
 */
export function maskPhone(value: string): string {
  const digits = normalizePhone(value) ?? (value ?? '').replace(/[\s.-]+/g, '');
  return maskTail(digits);
}

/** A CCCD or CMND number with only its last three digits: "045090001234" → "*********234". */
export function maskIdNumber(value: string): string {
  return maskTail((value ?? '').replace(/\s+/g, ''));
}

/**
 * A name with the first letter of each word kept: "Nguyễn Đức Tuấn Kiệt" → "N***** Đ** T*** K***".
 * Works on Vietnamese letters with diacritics (NFC), one star per letter.
 */
export function maskName(value: string): string {
  return (value ?? '')
    .normalize('NFC')
    .trim()
    .split(/\s+/)
    .filter(Boolean)
    .map((word) => {
      const letters = Array.from(word);
      return letters[0] + '*'.repeat(letters.length - 1);
    })
    .join(' ');
}
