/**
 * Căn cước công dân (CCCD) / số định danh cá nhân: 12 digits.
 *
 * - 1-3: province (or country) of birth registration. The 63 codes in use before the 2025 province
 *   merger are known; any other code is only a warning (births abroad, new codes after the merger).
 * - 4: century and sex: 0/1 = 1900s male/female, 2/3 = 2000s, 4/5 = 2100s; 6-9 do not exist.
 * - 5-6: last two digits of the birth year; with the century this must not be in the future.
 * - 7-12: random; there is no check digit.
 */

/**
 * Province codes of the 63 provinces and centrally-run cities in use before the 2025 merger
 * (a widget shows the code of an unknown one, never a name, so only the codes ship):
 *   001 Hà Nội, 002 Hà Giang, 004 Cao Bằng, 006 Bắc Kạn
 *   008 Tuyên Quang, 010 Lào Cai, 011 Điện Biên, 012 Lai Châu
 *   014 Sơn La, 015 Yên Bái, 017 Hòa Bình, 019 Thái Nguyên
 *   020 Lạng Sơn, 022 Quảng Ninh, 024 Bắc Giang, 025 Phú Thọ
 *   026 Vĩnh Phúc, 027 Bắc Ninh, 030 Hải Dương, 031 Hải Phòng
 *   033 Hưng Yên, 034 Thái Bình, 035 Hà Nam, 036 Nam Định
 *   037 Ninh Bình, 038 Thanh Hóa, 040 Nghệ An, 042 Hà Tĩnh
 *   044 Quảng Bình, 045 Quảng Trị, 046 Thừa Thiên Huế, 048 Đà Nẵng
 *   049 Quảng Nam, 051 Quảng Ngãi, 052 Bình Định, 054 Phú Yên
 *   056 Khánh Hòa, 058 Ninh Thuận, 060 Bình Thuận, 062 Kon Tum
 *   064 Gia Lai, 066 Đắk Lắk, 067 Đắk Nông, 068 Lâm Đồng
 *   070 Bình Phước, 072 Tây Ninh, 074 Bình Dương, 075 Đồng Nai
 *   077 Bà Rịa - Vũng Tàu, 079 Hồ Chí Minh, 080 Long An, 082 Tiền Giang
 *   083 Bến Tre, 084 Trà Vinh, 086 Vĩnh Long, 087 Đồng Tháp
 *   089 An Giang, 091 Kiên Giang, 092 Cần Thơ, 093 Hậu Giang
 *   094 Sóc Trăng, 095 Bạc Liêu, 096 Cà Mau
 */
export const PROVINCE_CODES: ReadonlySet<string> = new Set('001 002 004 006 008 010 011 012 014 015 017 019 020 022 024 025 026 027 030 031 033 034 035 036 037 038 040 042 044 045 046 048 049 051 052 054 056 058 060 062 064 066 067 068 070 072 074 075 077 079 080 082 083 084 086 087 089 091 092 093 094 095 096'.split(' '));

/** Why a number is rejected. */
export type CccdError = 'required' | 'not_digits' | 'length' | 'century' | 'future_year';
/** What is unusual but accepted. */
export type CccdWarning = 'unknown_province';

export interface CccdResult {
  valid: boolean;
  errors: CccdError[];
  warnings: CccdWarning[];
  /** The digits, with spaces removed. */
  value: string;
  /** Province code (digits 1-3) and whether it is one of the 63 known codes. */
  province?: { code: string; known: boolean };
  sex?: 'male' | 'female';
  birthYear?: number;
}

/** The year in Việt Nam at `now` (the birth year is compared in the citizen's time zone). */
function yearInVietnam(now: Date): number {
  return Number(new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Ho_Chi_Minh', year: 'numeric' }).format(now));
}

/**
 * Checks a CCCD / số định danh. Spaces are ignored (people copy "045 090 001234").
 * `now` is injectable so the future-year rule can be tested.
 */
export function validateCccd(input: string, now: Date = new Date()): CccdResult {
  const value = (input ?? '').replace(/\s+/g, '');
  const result: CccdResult = { valid: false, errors: [], warnings: [], value };
  if (value === '') {
    result.errors.push('required');
    return result;
  }
  if (!/^\d+$/.test(value)) {
    result.errors.push('not_digits');
    return result;
  }
  if (value.length !== 12) {
    result.errors.push('length');
    return result;
  }
  const code = value.slice(0, 3);
  const known = PROVINCE_CODES.has(code);
  result.province = { code, known };
  if (!known) result.warnings.push('unknown_province');

  const centuryDigit = Number(value[3]);
  if (centuryDigit > 5) {
    result.errors.push('century');
  } else {
    result.sex = centuryDigit % 2 === 0 ? 'male' : 'female';
    const century = 1900 + Math.floor(centuryDigit / 2) * 100;
    const birthYear = century + Number(value.slice(4, 6));
    result.birthYear = birthYear;
    if (birthYear > yearInVietnam(now)) result.errors.push('future_year');
  }
  result.valid = result.errors.length === 0;
  return result;
}
