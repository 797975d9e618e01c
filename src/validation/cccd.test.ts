import { expect } from '@open-wc/testing';
import { PROVINCE_CODES, validateCccd, type CccdError } from './cccd.js';

// Fixed "now" (1 March 2025, Hà Nội time) so the future-year rule does not drift with the calendar.
const NOW = new Date('2025-03-01T00:00:00+07:00');

describe('validateCccd', () => {
  it('knows the 63 provinces in use before the 2025 merger, Quảng Trị among them', () => {
    expect(PROVINCE_CODES.size).to.equal(63);
    for (const code of ['045', '001', '079', '096']) expect(PROVINCE_CODES.has(code), code).to.equal(true);
    for (const code of ['000', '003', '097', '100']) expect(PROVINCE_CODES.has(code), code).to.equal(false);
    for (const code of PROVINCE_CODES) expect(code).to.match(/^\d{3}$/);
  });

  const valid: Array<[string, string, { province: string; sex: 'male' | 'female'; birthYear: number }]> = [
    ['1900s male, Quảng Trị', '045090001234', { province: '045', sex: 'male', birthYear: 1990 }],
    ['1900s female', '045185006789', { province: '045', sex: 'female', birthYear: 1985 }],
    ['2000s male', '001201003456', { province: '001', sex: 'male', birthYear: 2001 }],
    ['2000s female, this year', '079325123456', { province: '079', sex: 'female', birthYear: 2025 }],
    ['1900 exactly', '045000000001', { province: '045', sex: 'male', birthYear: 1900 }],
    ['spaces ignored', '045 090 001234', { province: '045', sex: 'male', birthYear: 1990 }],
  ];
  for (const [name, input, expected] of valid) {
    it(`accepts ${name}: ${input}`, () => {
      const result = validateCccd(input, NOW);
      expect(result.valid).to.equal(true);
      expect(result.errors).to.deep.equal([]);
      expect(result.warnings).to.deep.equal([]);
      expect(result.province?.code).to.equal(expected.province);
      expect(result.province?.known).to.equal(true);
      expect(result.sex).to.equal(expected.sex);
      expect(result.birthYear).to.equal(expected.birthYear);
    });
  }

  const invalid: Array<[string, string, CccdError]> = [
    ['empty', '', 'required'],
    ['blank', '   ', 'required'],
    ['letters', '04509000123A', 'not_digits'],
    ['hyphens are not part of the number', '045-090-001234', 'not_digits'],
    ['11 digits', '04509000123', 'length'],
    ['13 digits', '0450900012345', 'length'],
    ['9 digits (old CMND)', '197245678', 'length'],
    ['century digit 6', '045690001234', 'century'],
    ['century digit 9', '045990001234', 'century'],
    ['2000s year in the future', '045226001234', 'future_year'],
    ['2100s is always in the future', '045400001234', 'future_year'],
    ['2100s female', '045501001234', 'future_year'],
  ];
  for (const [name, input, code] of invalid) {
    it(`rejects ${name}: "${input}" (${code})`, () => {
      const result = validateCccd(input, NOW);
      expect(result.valid).to.equal(false);
      expect(result.errors).to.deep.equal([code]);
    });
  }

  it('warns, without rejecting, about a province code it does not know', () => {
    for (const input of ['003090001234', '099190001234', '100190001234']) {
      const result = validateCccd(input, NOW);
      expect(result.valid, input).to.equal(true);
      expect(result.warnings).to.deep.equal(['unknown_province']);
      expect(result.province).to.deep.equal({ code: input.slice(0, 3), known: false });
    }
  });

  it('compares the birth year with the injected "now"', () => {
    expect(validateCccd('045226001234', new Date('2026-06-01T00:00:00+07:00')).valid).to.equal(true);
    expect(validateCccd('045226001234', new Date('2025-12-31T12:00:00+07:00')).errors).to.deep.equal(['future_year']);
    // 31 Dec 2025 18:00 UTC is already 2026 in Việt Nam.
    expect(validateCccd('045226001234', new Date('2025-12-31T18:00:00Z')).valid).to.equal(true);
  });

  it('uses the real clock when none is given', () => {
    expect(validateCccd('045090001234').valid).to.equal(true);
    expect(validateCccd('045299001234').errors).to.deep.equal(['future_year']);
  });
});
