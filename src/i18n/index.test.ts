import { expect } from '@open-wc/testing';
import type { ErrorCode } from '../internal/errors.js';
import { formatDate, formatDateTime } from './dates.js';
import { lazyEnglish } from './english.js';
import { errorMessage, formatNumber, localized, type Lang } from './index.js';
import { englishStrings } from './lang.js';
import { formatPercent } from './percent.js';
import { otpErrors } from './otp-errors.js';
import { signInErrors } from './signin-errors.js';

// The formatters write common values without Intl (its first use sets up ICU, tens of ms);
// what they write must be what Intl writes, in this browser, for every value a widget shows.
const LANGS: Lang[] = ['vi', 'en'];
const locale = (lang: Lang) => (lang === 'vi' ? 'vi-VN' : 'en-US');

/** A deterministic spread of values: the same every run, so a failure can be replayed. */
function* spread(count: number, next: (i: number, r: number) => number): Generator<number> {
  let seed = 20230411;
  for (let i = 0; i < count; i++) {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    yield next(i, seed / 2 ** 31);
  }
}

describe('i18n formatters', () => {
  it('write the seed figures: 3.788 and 99,2% in Vietnamese, 3,788 and 99.2% in English', () => {
    expect(formatNumber(3788, 'vi')).to.equal('3.788');
    expect(formatNumber(3788, 'en')).to.equal('3,788');
    expect(formatPercent(3788 / 3820, 'vi')).to.equal('99,2%');
    expect(formatPercent(3788 / 3820, 'en')).to.equal('99.2%');
    expect(formatNumber(100000, 'vi')).to.equal('100.000');
    expect(formatDateTime('2023-04-11T17:13:44+07:00')).to.equal('11/04/2023 17:13:44');
    expect(formatDate('2023-04-11T23:30:00Z')).to.equal('12/04/2023');
  });

  it('write integers as Intl does', () => {
    const values = [0, 1, -1, 7, 999, 1000, -1000, 3788, 100000, 1234567, -987654321, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER];
    values.push(...spread(300, (i, r) => Math.round((r - 0.3) * 10 ** (i % 16))));
    for (const lang of LANGS) {
      const intl = new Intl.NumberFormat(locale(lang));
      for (const value of values) expect(formatNumber(value, lang), `${value} ${lang}`).to.equal(intl.format(value));
    }
  });

  it('leave other numbers to Intl (fractions, -0, huge, not finite)', () => {
    for (const lang of LANGS) {
      const intl = new Intl.NumberFormat(locale(lang));
      for (const value of [0.5, -1234.567, -0, 1e21, 2 ** 60, NaN, Infinity]) {
        expect(formatNumber(value, lang), `${value} ${lang}`).to.equal(intl.format(value));
      }
    }
  });

  it('write shares as Intl does, halves and binary near-halves included', () => {
    const ratios = [0, 1, 0.5, 0.992, 0.9915, 0.99949, 0.99951, 0.00049, 0.0005, 0.00051, 0.12345, 0.0, 12.3456, 1e-7, 3788 / 3820];
    ratios.push(...spread(400, (i, r) => (i % 3 === 0 ? Math.round(r * 10000) / 10000 : i % 3 === 1 ? Math.round(r * 100000) / 100000 : r)));
    for (const lang of LANGS) {
      for (const digits of [0, 1, 2]) {
        const intl = new Intl.NumberFormat(locale(lang), { style: 'percent', minimumFractionDigits: digits, maximumFractionDigits: digits });
        for (const ratio of ratios) expect(formatPercent(ratio, lang, digits), `${ratio} ${lang} ${digits}`).to.equal(intl.format(ratio));
      }
    }
  });

  it('write dates and times in Asia/Ho_Chi_Minh as Intl does, before 1975 too', () => {
    const intl = (withTime: boolean) =>
      new Intl.DateTimeFormat('en-GB', {
        timeZone: 'Asia/Ho_Chi_Minh',
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        ...(withTime ? { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' as const } : {}),
      });
    const joined = (format: Intl.DateTimeFormat, date: Date, withTime: boolean) => {
      const p = Object.fromEntries(format.formatToParts(date).map((x) => [x.type, x.value]));
      return `${p.day}/${p.month}/${p.year}${withTime ? ` ${p.hour}:${p.minute}:${p.second}` : ''}`;
    };
    const times = [
      Date.UTC(1975, 5, 12, 16, 59, 59),
      Date.UTC(1975, 5, 12, 17),
      Date.UTC(1970, 0, 1),
      Date.UTC(1960, 3, 1),
      Date.UTC(2023, 3, 11, 10, 13, 44),
      Date.UTC(2023, 11, 31, 16, 59, 59),
      Date.UTC(2023, 11, 31, 17),
      Date.UTC(2024, 1, 28, 17),
      Date.UTC(9999, 11, 31, 16, 59, 59),
      Date.UTC(9999, 11, 31, 17),
    ];
    times.push(...spread(300, (_, r) => Date.UTC(1940, 0, 1) + r * (Date.UTC(2100, 0, 1) - Date.UTC(1940, 0, 1))));
    const withTime = intl(true);
    const dateOnly = intl(false);
    for (const time of times) {
      const date = new Date(Math.floor(time / 1000) * 1000);
      expect(formatDateTime(date), date.toISOString()).to.equal(joined(withTime, date, true));
      expect(formatDate(date.toISOString()), date.toISOString()).to.equal(joined(dateOnly, date, false));
    }
    expect(formatDateTime('not a date')).to.equal(undefined);
  });
});

describe('error messages', () => {
  const common: ErrorCode[] = ['network', 'timeout', 'http', 'invalid_response', 'session_expired', 'config'];
  const signIn: ErrorCode[] = ['state_mismatch', 'issuer_mismatch', 'authorization_denied', 'id_token_invalid', 'nonce_mismatch', 'userinfo_mismatch'];
  const otp: ErrorCode[] = ['otp_invalid', 'otp_expired', 'otp_locked'];

  it('every code of PRODUCT.md has its own text in both languages, in the catalogue of the elements that meet it', () => {
    for (const lang of LANGS) {
      const texts = [
        ...common.map((code) => errorMessage(code, lang)),
        ...signIn.map((code) => errorMessage(code, lang, signInErrors)),
        ...otp.map((code) => errorMessage(code, lang, otpErrors)),
      ];
      for (const text of texts) expect(text.trim(), lang).to.not.equal('');
      expect(new Set(texts).size, `${lang}: one text per code`).to.equal(texts.length);
    }
    expect(errorMessage('nonce_mismatch', 'vi', signInErrors)).to.equal('Thông tin đăng nhập không thuộc phiên này. Vui lòng đăng nhập lại.');
    expect(errorMessage('otp_locked', 'en', otpErrors)).to.equal('Too many wrong attempts. Please try again later.');
  });

  it('a catalogue adds to the common codes, and a code no catalogue holds shows the server-problem text, never nothing', () => {
    expect(errorMessage('network', 'vi', otpErrors)).to.equal(errorMessage('network', 'vi'));
    expect(errorMessage('otp_invalid', 'vi', otpErrors)).to.equal(otpErrors.vi.otp_invalid);
    expect(errorMessage('otp_invalid', 'vi')).to.equal(errorMessage('http', 'vi'));
    expect(errorMessage('otp_invalid', 'en')).to.equal(errorMessage('http', 'en'));
  });

  it("the sign-in's messages are there once its module is loaded (the sessions import it), for every element", () => {
    expect(errorMessage('state_mismatch', 'vi')).to.equal(signInErrors.vi.state_mismatch);
    expect(errorMessage('state_mismatch', 'vi', otpErrors)).to.equal(signInErrors.vi.state_mismatch);
    expect(errorMessage('userinfo_mismatch', 'en')).to.equal(signInErrors.en.userinfo_mismatch);
  });
});

describe('catalogues whose English loads on demand (the script tag build)', () => {
  it('read Vietnamese in English until the English half has loaded, then English; a failed download is tried again', async () => {
    let attempts = 0;
    const catalogue = lazyEnglish({ vi: { hello: 'Xin chào' }, en: { hello: 'unused' } }, () => {
      attempts++;
      return attempts === 1 ? Promise.reject(new TypeError('offline')) : Promise.resolve({ default: { hello: 'Hello' } });
    });
    expect(englishStrings.pending()).to.equal(true);
    expect(catalogue.en.hello, 'before it loads').to.equal('Xin chào');
    await englishStrings.load().then(
      () => expect.fail('the first download fails'),
      (error: unknown) => expect(error).to.be.instanceOf(TypeError),
    );
    expect(catalogue.en.hello, 'after a failed download').to.equal('Xin chào');
    expect(englishStrings.pending()).to.equal(true);
    await englishStrings.load();
    expect(catalogue.en.hello).to.equal('Hello');
    expect(catalogue.vi.hello).to.equal('Xin chào');
    expect(englishStrings.pending()).to.equal(false);
    await englishStrings.load();
    expect(attempts, 'loaded once').to.equal(2);
  });

  it('keep both halves as written outside the script tag build (npm modules, tests)', () => {
    const catalogue = { vi: { hello: 'Xin chào' }, en: { hello: 'Hello' } };
    expect(localized(catalogue)).to.equal(catalogue);
    expect(localized(catalogue).en.hello).to.equal('Hello');
  });
});
