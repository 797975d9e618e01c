import { expect } from '@open-wc/testing';
import { normaliseUser } from './claims.js';
import type { User } from './types.js';

type Expected = Partial<Omit<User, 'claims' | 'sub'>>;

const cases: [string, Record<string, unknown>, Expected][] = [
  [
    'standard OpenID claims',
    { name: 'Trần Thị B', birthdate: '1985-02-28', phone_number: '+84912345678', gender: 'female' },
    { name: 'Trần Thị B', birthDate: '1985-02-28', phone: '+84912345678', gender: 'female', vneid: false },
  ],
  [
    'national portal claims',
    {
      HoVaTen: 'Nguyễn Văn A',
      SoDinhDanh: '045090000123',
      SoCMND: '197000123',
      NgayThangNamSinh: '19900115',
      SoDienThoai: '0912345678',
      GioiTinh: 'Nam',
      loginIdp: 'BCA',
      LoaiTaiKhoan: 1,
    },
    {
      name: 'Nguyễn Văn A',
      idNumber: '045090000123',
      legacyIdNumber: '197000123',
      birthDate: '1990-01-15',
      phone: '0912345678',
      gender: 'male',
      idp: 'BCA',
      vneid: true,
      accountType: 1,
    },
  ],
  ['standard claims win over national ones', { name: 'A', HoVaTen: 'B', phone_number: '1', SoDienThoai: '2' }, { name: 'A', phone: '1', vneid: false }],
  ['a junk standard claim falls back to the national one', { name: { first: 'x' }, HoVaTen: 'Lê C' }, { name: 'Lê C', vneid: false }],
  ['GioiTinh "Nữ" and LoaiTaiKhoan as a string', { GioiTinh: 'Nữ', LoaiTaiKhoan: '2' }, { gender: 'female', accountType: 2, vneid: false }],
  ['GioiTinh "0"/"1" codes', { GioiTinh: '1' }, { gender: 'male', vneid: false }],
  ['GioiTinh as the number 0', { GioiTinh: 0 }, { gender: 'female', vneid: false }],
  ['an unmapped gender is kept as given', { gender: 'Khác' }, { gender: 'Khác', vneid: false }],
  ['yyyyMMdd of 29 February in a leap year', { NgayThangNamSinh: '20000229' }, { birthDate: '2000-02-29', vneid: false }],
  ['yyyyMMdd that is no real date is omitted', { NgayThangNamSinh: '19990229' }, { vneid: false }],
  ['month 13 is omitted', { NgayThangNamSinh: '19901301' }, { vneid: false }],
  ['a birthdate with only a year is omitted, the national date is used', { birthdate: '1990', NgayThangNamSinh: '19900115' }, { birthDate: '1990-01-15', vneid: false }],
  ['another login provider', { loginIdp: 'DVCQG' }, { idp: 'DVCQG', vneid: false }],
  [
    'junk values are ignored, never stringified',
    {
      name: { toString: () => '[object Object]' },
      SoDinhDanh: 45090000123,
      SoCMND: null,
      NgayThangNamSinh: 19900115,
      phone_number: ['0912345678'],
      gender: {},
      loginIdp: true,
      LoaiTaiKhoan: 7,
      HoVaTen: '   ',
    },
    { vneid: false },
  ],
  ['LoaiTaiKhoan out of range or not numeric', { LoaiTaiKhoan: 'citizen' }, { vneid: false }],
];

describe('normaliseUser', () => {
  for (const [title, claims, expected] of cases) {
    it(title, () => {
      const user = normaliseUser('sub-1', claims);
      const { claims: kept, sub, ...rest } = user;
      expect(sub).to.equal('sub-1');
      expect(rest).to.deep.equal(expected);
      expect(kept).to.include({ sub: 'sub-1' });
      expect(JSON.stringify(rest)).to.not.contain('[object Object]');
    });
  }

  it('keeps every claim as received for agencies that need more', () => {
    const user = normaliseUser('s', { NoiSinh: 'Quảng Trị', HoVaTen: 'A' });
    expect(user.claims).to.deep.equal({ NoiSinh: 'Quảng Trị', HoVaTen: 'A', sub: 's' });
  });
});
