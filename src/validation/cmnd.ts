/** Old chứng minh nhân dân (CMND): 9 digits. */

export type CmndError = 'required' | 'not_digits' | 'length';

export interface CmndResult {
  valid: boolean;
  errors: CmndError[];
  /** The digits, with spaces removed. */
  value: string;
}

/** Checks an old 9-digit CMND number. Spaces are ignored. */
export function validateCmnd(input: string): CmndResult {
  const value = (input ?? '').replace(/\s+/g, '');
  const errors: CmndError[] = [];
  if (value === '') errors.push('required');
  else if (!/^\d+$/.test(value)) errors.push('not_digits');
  else if (value.length !== 9) errors.push('length');
  return { valid: errors.length === 0, errors, value };
}
