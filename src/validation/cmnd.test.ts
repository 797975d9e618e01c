import { expect } from '@open-wc/testing';
import { validateCmnd, type CmndError } from './cmnd.js';

describe('validateCmnd', () => {
  for (const input of ['197245678', '012345678', '197 245 678']) {
    it(`accepts ${input}`, () => {
      const result = validateCmnd(input);
      expect(result.valid).to.equal(true);
      expect(result.errors).to.deep.equal([]);
      expect(result.value).to.equal(input.replace(/ /g, ''));
    });
  }
  const invalid: Array<[string, CmndError]> = [
    ['', 'required'],
    ['  ', 'required'],
    ['19724567A', 'not_digits'],
    ['197-245-678', 'not_digits'],
    ['19724567', 'length'],
    ['1972456789', 'length'],
    ['045090001234', 'length'],
  ];
  for (const [input, code] of invalid) {
    it(`rejects "${input}" (${code})`, () => {
      const result = validateCmnd(input);
      expect(result.valid).to.equal(false);
      expect(result.errors).to.deep.equal([code]);
    });
  }
});
