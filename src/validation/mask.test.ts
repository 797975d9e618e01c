import { expect } from '@open-wc/testing';
import { maskIdNumber, maskName, maskPhone, maskTail } from './mask.js';

describe('mask', () => {
  const phones: Array<[string, string]> = [
    ['0912345123', '*******123'],
    ['+84912345123', '*******123'],
    ['0912 345 123', '*******123'],
    ['0912.345.123', '*******123'],
    ['12', '**'],
    ['', ''],
  ];
  for (const [input, masked] of phones) {
    it(`maskPhone("${input}") → "${masked}"`, () => expect(maskPhone(input)).to.equal(masked));
  }

  const ids: Array<[string, string]> = [
    ['045090001234', '*********234'],
    ['197245678', '******678'],
    ['045 090 001234', '*********234'],
    ['123', '***'],
  ];
  for (const [input, masked] of ids) {
    it(`maskIdNumber("${input}") → "${masked}"`, () => expect(maskIdNumber(input)).to.equal(masked));
  }

  const names: Array<[string, string]> = [
    ['Nguyễn Đức Tuấn Kiệt', 'N***** Đ** T*** K***'],
    ['  Lê   Văn Nhân ', 'L* V** N***'],
    // Decomposed (NFD) input counts letters, not combining marks.
    ['Nguye\u0302\u0303n A', 'N***** A'],
    ['', ''],
  ];
  for (const [input, masked] of names) {
    it(`maskName("${input}") → "${masked}"`, () => expect(maskName(input)).to.equal(masked));
  }

  it('maskTail keeps the requested number of characters', () => {
    expect(maskTail('abcdef', 2)).to.equal('****ef');
    expect(maskTail('abcdef', 0)).to.equal('******');
  });
});
