// Response shapes of the dossier API (PRODUCT.md "Dossier API"), checked before use.
// A wrong overall shape throws DvcError('invalid_response'); a malformed field inside an
// otherwise good answer becomes undefined, which the widgets show as "Không có dữ liệu".
import { DvcError } from '../internal/errors.js';
import { isFiniteNumber, isString } from '../internal/http.js';

/** The national dossier status codes, 1 to 10. */
export type DossierStatus = 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10;
export const DOSSIER_STATUSES: readonly DossierStatus[] = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

/** `GET /stats/processing?year=` */
export interface ProcessingStats {
  year: number;
  /** Processed early or on time. */
  onTime: number;
  /** Processed after the deadline. */
  late: number;
  /** ISO 8601; undefined when missing or not a date. */
  updatedAt?: string;
}

/** One row of `GET /public/results` (names are masked by the server). */
export interface PublicResult {
  code?: string;
  applicantName?: string;
  procedureName?: string;
  resultAt?: string;
}

/** A dossier: a row of `GET /me/dossiers`, or the public status from `GET /dossiers/{code}`. */
export interface Dossier {
  code?: string;
  procedureName?: string;
  submittedAt?: string;
  dueAt?: string;
  status?: DossierStatus;
  statusName?: string;
  resultAt?: string;
  applicantName?: string;
}

/** A page of a server-paged list. */
export interface Paged<T> {
  items: T[];
  page: number;
  pageSize: number;
  total: number;
}

/** Fields of the identity profile that carry a verified mark. */
export type ProfileField = 'fullName' | 'legacyIdNumber' | 'idNumber' | 'birthDate' | 'phone' | 'gender' | 'birthPlace';
export const PROFILE_FIELDS: readonly ProfileField[] = ['fullName', 'legacyIdNumber', 'idNumber', 'birthDate', 'phone', 'gender', 'birthPlace'];

/** `GET /me/profile` and `POST /me/profile/sync` (the latter with `changed`). */
export interface Profile {
  fullName?: string;
  legacyIdNumber?: string;
  idNumber?: string;
  birthDate?: string;
  phone?: string;
  gender?: string;
  birthPlace?: string;
  /** Only the fields the server gave a boolean for. */
  verified: Partial<Record<ProfileField, boolean>>;
  syncedAt?: string;
  counts: { completed?: number; processing?: number };
  /** Present after a sync: the fields the national database changed. */
  changed?: ProfileField[];
}

export const invalid = (what: string) => new DvcError('invalid_response', `Unexpected shape: ${what}`);

export const str = (v: unknown): string | undefined => (isString(v) && v.trim() !== '' ? v : undefined);
export const count = (v: unknown): number | undefined => (isFiniteNumber(v) && Number.isInteger(v) && v >= 0 ? v : undefined);
/**
 * ISO 8601 as the API sends it: a date, optionally a time with an offset. Checked before
 * Date.parse, which in Chromium reads almost any text with a number in it as a date
 * ("<img src=x onerror=f(1)>" is 1 January 2001).
 */
const ISO_8601 = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;
/** An ISO date string that parses; anything else is undefined. */
export const date = (v: unknown): string | undefined => (isString(v) && ISO_8601.test(v) && !Number.isNaN(Date.parse(v)) ? v : undefined);
export const status = (v: unknown): DossierStatus | undefined => {
  const n = typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v;
  return DOSSIER_STATUSES.includes(n as DossierStatus) ? (n as DossierStatus) : undefined;
};

/** Drops undefined values so that `'x' in obj` means the field was usable. */
export function defined<T extends object>(obj: T): T {
  for (const key of Object.keys(obj) as (keyof T)[]) if (obj[key] === undefined) delete obj[key];
  return obj;
}
