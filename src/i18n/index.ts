import type { ErrorCode } from '../internal/errors.js';
import type { Lang } from './lang.js';

export { langOf, type Lang } from './lang.js';

/** A catalogue: the same keys in Vietnamese (default) and English. */
export type Catalogue<K extends string> = Record<Lang, Record<K, string>>;

// Building an Intl formatter costs far more than using one (a table of 100 dates would build
// 100), so each one is made once and kept.
const formatters = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();
export function cached<T extends Intl.NumberFormat | Intl.DateTimeFormat>(key: string, make: () => T): T {
  let format = formatters.get(key) as T | undefined;
  if (!format) formatters.set(key, (format = make()));
  return format;
}
export const numberLocale = (lang: Lang) => (lang === 'vi' ? 'vi-VN' : 'en-US');

// The values the widgets show (counts, page numbers, seconds, a share with one decimal, dates
// since 1975) are written out here as vi-VN and en-US Intl would write them: the first Intl
// formatter a page builds sets up ICU first, 15-50 ms of main thread in Chromium, more than
// a whole element's first render. Other values (fractions, -0, huge or ancient) go to Intl.
export const SEPARATORS = { vi: { group: '.', decimal: ',' }, en: { group: ',', decimal: '.' } } as const;
export const grouped = (digits: string, lang: Lang) => digits.replace(/\B(?=(\d{3})+$)/g, SEPARATORS[lang].group);

/** "3.788" in Vietnamese, "3,788" in English. */
export function formatNumber(value: number, lang: Lang): string {
  if (Number.isSafeInteger(value) && !Object.is(value, -0)) return (value < 0 ? '-' : '') + grouped(String(Math.abs(value)), lang);
  return cached(`n${lang}`, () => new Intl.NumberFormat(numberLocale(lang))).format(value);
}

/** `text` with its `{name}` placeholders filled in from `values`. */
export const fill = (text: string, values: Record<string, string | number> = {}): string =>
  text.replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? ''));

/** The `msg(lang, key, values)` function of an element's catalogue. */
export const translator =
  <K extends string>(catalogue: Catalogue<K>) =>
  (lang: Lang, key: K, values?: Record<string, string | number>): string =>
    fill(catalogue[lang][key], values);

/**
 * A catalogue as written: Vietnamese and English. The script tag's build (vite.config.ts,
 * `lazyEnglish`) turns each call into one of `lazyEnglish` (./english.ts): the English half then
 * loads only on a page that draws in English. Everywhere else it is the catalogue itself.
 */
export const localized = <C extends Record<Lang, object>>(catalogue: C): C => catalogue;

/** Strings every element shares (PRODUCT.md "Conventions every element keeps"). */
export const common = /* @__PURE__ */ localized({
  vi: {
    retry: 'Thử lại',
    noData: 'Không có dữ liệu',
    previous: 'Trang trước',
    next: 'Trang sau',
    loading: 'Đang tải…',
    signIn: 'Đăng nhập bằng Cổng DVC Quốc gia',
    signingIn: 'Đang đăng nhập…',
    signInAgain: 'Đăng nhập lại',
    page: 'Trang',
  },
  en: {
    retry: 'Retry',
    noData: 'No data',
    previous: 'Previous',
    next: 'Next',
    loading: 'Loading…',
    signIn: 'Sign in with the National Public Service Portal',
    signingIn: 'Signing in…',
    signInAgain: 'Sign in again',
    page: 'Page',
  },
} satisfies Catalogue<string>);

/** Codes any element may show; the others have their own catalogues (sign-in, code entry). */
type CommonCode = 'network' | 'timeout' | 'http' | 'invalid_response' | 'session_expired' | 'config';

/** Error messages by code: the common ones here, the rest in the catalogue of the elements that meet them. */
export type ErrorCatalogue = Record<Lang, Partial<Record<ErrorCode, string>>>;

const errors = /* @__PURE__ */ localized({
  vi: {
    network: 'Không kết nối được máy chủ. Vui lòng kiểm tra kết nối mạng rồi thử lại.',
    timeout: 'Máy chủ không phản hồi kịp. Vui lòng thử lại.',
    http: 'Máy chủ đang gặp sự cố. Vui lòng thử lại sau.',
    invalid_response: 'Máy chủ trả về dữ liệu không hợp lệ.',
    session_expired: 'Phiên đăng nhập đã hết hạn. Vui lòng đăng nhập lại.',
    config: 'Tiện ích chưa được cấu hình đúng. Vui lòng liên hệ quản trị trang.',
  },
  en: {
    network: 'Cannot reach the server. Check your connection and try again.',
    timeout: 'The server did not answer in time. Please try again.',
    http: 'The server has a problem. Please try again later.',
    invalid_response: 'The server answered with data that is not valid.',
    session_expired: 'Your session has expired. Please sign in again.',
    config: 'This widget is not configured correctly. Please contact the site administrator.',
  },
} satisfies Catalogue<CommonCode>);

/**
 * Catalogues of codes beyond the common ones, added by the code that fails with them (signin-errors.ts).
 * One list for the page: a copy of the library bundled by an app (its testing kit's fake sessions)
 * fails with codes whose messages the script tag's elements then show.
 */
const added: ErrorCatalogue[] = ((globalThis as { [key: symbol]: ErrorCatalogue[] })[Symbol.for('dvc-widgets.errors')] ??= []);

/** Adds the messages of codes that only the module adding them can fail with. */
export function addErrors(catalogue: ErrorCatalogue): void {
  added.push(catalogue);
}

/**
 * The human message for an error code, in the page's language: from `more` (the catalogue of the
 * code entry's or the sign-in form's codes, for the elements that meet them), else from the
 * catalogues added (the sign-in's, with the session code), else the common one. A code none holds
 * falls back to the server-problem text, never to nothing.
 */
export function errorMessage(code: ErrorCode, lang: Lang, more?: ErrorCatalogue): string {
  return (
    more?.[lang][code] ??
    added.map((catalogue) => catalogue[lang][code]).find(Boolean) ??
    (errors[lang] as Partial<Record<ErrorCode, string>>)[code] ??
    errors[lang].http
  );
}
