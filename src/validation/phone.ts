/** Vietnamese mobile numbers: `^(?:\+?84|0)(3|5|7|8|9)\d{8}$` once spaces, dots and hyphens are removed. */

export const MOBILE_PATTERN = /^(?:\+?84|0)(3|5|7|8|9)\d{8}$/;

export type PhoneError = 'required' | 'invalid';

export interface PhoneResult {
  valid: boolean;
  errors: PhoneError[];
  /** National format 0xxxxxxxxx, when valid. */
  normalized?: string;
}

const strip = (input: string) => (input ?? '').replace(/[\s.-]+/g, '');

/** Checks a mobile number and gives it in national format ("+84 912.345.678" → "0912345678"). */
export function validatePhone(input: string): PhoneResult {
  const value = strip(input);
  if (value === '') return { valid: false, errors: ['required'] };
  const match = MOBILE_PATTERN.exec(value);
  if (!match) return { valid: false, errors: ['invalid'] };
  return { valid: true, errors: [], normalized: `0${value.slice(value.length - 9)}` };
}

/** The number in national format, or undefined when it is not a Vietnamese mobile number. */
export function normalizePhone(input: string): string | undefined {
  return validatePhone(input).normalized;
}
