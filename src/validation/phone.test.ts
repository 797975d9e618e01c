import { expect } from '@open-wc/testing';
import { normalizePhone, validatePhone } from './phone.js';

describe('validatePhone', () => {
  const valid: Array<[string, string]> = [
    ['0912345678', '0912345678'],
    ['0312345678', '0312345678'],
    ['0512345678', '0512345678'],
    ['0712345678', '0712345678'],
    ['0812345678', '0812345678'],
    ['0983456712', '0983456712'],
    ['+84912345678', '0912345678'],
    ['84912345678', '0912345678'],
    ['0912 345 678', '0912345678'],
    ['0912.345.678', '0912345678'],
    ['0912-345-678', '0912345678'],
    ['+84 91 234 5678', '0912345678'],
  ];
  for (const [input, normalized] of valid) {
    it(`accepts "${input}" as ${normalized}`, () => {
      expect(validatePhone(input)).to.deep.equal({ valid: true, errors: [], normalized });
      expect(normalizePhone(input)).to.equal(normalized);
    });
  }

  const invalid: Array<[string, string, 'required' | 'invalid']> = [
    ['empty', '', 'required'],
    ['separators only', ' .- ', 'required'],
    ['landline prefix 02', '0241234567', 'invalid'],
    ['prefix 01 (old 11-digit numbers)', '01234567890', 'invalid'],
    ['prefix 04', '0412345678', 'invalid'],
    ['prefix 06', '0612345678', 'invalid'],
    ['too short', '091234567', 'invalid'],
    ['too long', '09123456789', 'invalid'],
    ['letters', '09123456a8', 'invalid'],
    ['+ without 84', '+0912345678', 'invalid'],
    ['other country', '+85512345678', 'invalid'],
    ['parentheses are not stripped', '(091) 2345678', 'invalid'],
  ];
  for (const [name, input, code] of invalid) {
    it(`rejects ${name}: "${input}"`, () => {
      expect(validatePhone(input)).to.deep.equal({ valid: false, errors: [code] });
      expect(normalizePhone(input)).to.equal(undefined);
    });
  }
});
