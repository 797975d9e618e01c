// Response shapes of the dossier API (PRODUCT.md "Dossier API"), checked before use.
// A wrong overall shape throws DvcError('invalid_response'); a malformed field inside an
// otherwise good answer becomes undefined, which the widgets show as "Không có dữ liệu".
import { DvcError } from '../internal/errors.js';
import { isFiniteNumber, isRecord, isString } from '../internal/http.js';

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

const invalid = (what: string) => new DvcError('invalid_response', `Unexpected shape: ${what}`);

const str = (v: unknown): string | undefined => (isString(v) && v.trim() !== '' ? v : undefined);
const count = (v: unknown): number | undefined => (isFiniteNumber(v) && Number.isInteger(v) && v >= 0 ? v : undefined);
/**
 * ISO 8601 as the API sends it: a date, optionally a time with an offset. Checked before
 * Date.parse, which in Chromium reads almost any text with a number in it as a date
 * ("<img src=x onerror=f(1)>" is 1 January 2001).
 */
const ISO_8601 = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;
/** An ISO date string that parses; anything else is undefined. */
const date = (v: unknown): string | undefined => (isString(v) && ISO_8601.test(v) && !Number.isNaN(Date.parse(v)) ? v : undefined);
const status = (v: unknown): DossierStatus | undefined => {
  const n = typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v;
  return DOSSIER_STATUSES.includes(n as DossierStatus) ? (n as DossierStatus) : undefined;
};

/** Drops undefined values so that `'x' in obj` means the field was usable. */
function defined<T extends object>(obj: T): T {
  for (const key of Object.keys(obj) as (keyof T)[]) if (obj[key] === undefined) delete obj[key];
  return obj;
}

export function parseStats(data: unknown, requestedYear?: number): ProcessingStats {
  if (!isRecord(data)) throw invalid('stats is not an object');
  const onTime = count(data.onTime);
  const late = count(data.late);
  if (onTime === undefined || late === undefined) throw invalid('stats onTime/late are not counts');
  const year = count(data.year) ?? requestedYear;
  if (year === undefined) throw invalid('stats year is missing');
  return defined({ year, onTime, late, updatedAt: date(data.updatedAt) });
}

export function parsePublicResult(data: unknown): PublicResult {
  if (!isRecord(data)) throw invalid('result is not an object');
  return defined({
    code: str(data.code),
    applicantName: str(data.applicantName),
    procedureName: str(data.procedureName),
    resultAt: date(data.resultAt),
  });
}

export function parseDossier(data: unknown): Dossier {
  if (!isRecord(data)) throw invalid('dossier is not an object');
  return defined({
    code: str(data.code),
    procedureName: str(data.procedureName),
    submittedAt: date(data.submittedAt),
    dueAt: date(data.dueAt),
    status: status(data.status),
    statusName: str(data.statusName),
    resultAt: date(data.resultAt),
    applicantName: str(data.applicantName),
  });
}

/** The answer of a look-up by code: a dossier that says at least which one it is or where it stands. */
export function parseFoundDossier(data: unknown): Dossier {
  const dossier = parseDossier(data);
  if (dossier.code === undefined && dossier.status === undefined && dossier.statusName === undefined) throw invalid('dossier has neither code nor status');
  return dossier;
}

/** A paged list: `items` must be an array of objects and `total` a count; page and pageSize fall back to what was asked. */
export function parsePaged<T>(data: unknown, item: (v: unknown) => T, asked: { page: number; pageSize: number }): Paged<T> {
  if (!isRecord(data) || !Array.isArray(data.items)) throw invalid('list has no items array');
  const total = count(data.total);
  if (total === undefined) throw invalid('list total is not a count');
  const page = count(data.page);
  const pageSize = count(data.pageSize);
  return {
    items: data.items.map(item),
    page: page && page > 0 ? page : asked.page,
    pageSize: pageSize && pageSize > 0 ? pageSize : asked.pageSize,
    total,
  };
}

export function parseProfile(data: unknown): Profile {
  if (!isRecord(data)) throw invalid('profile is not an object');
  const verified: Partial<Record<ProfileField, boolean>> = {};
  if (isRecord(data.verified)) {
    for (const field of PROFILE_FIELDS) {
      const v = data.verified[field];
      if (typeof v === 'boolean') verified[field] = v;
    }
  }
  const counts = isRecord(data.counts) ? defined({ completed: count(data.counts.completed), processing: count(data.counts.processing) }) : {};
  const profile: Profile = defined({
    fullName: str(data.fullName),
    legacyIdNumber: str(data.legacyIdNumber),
    idNumber: str(data.idNumber),
    birthDate: date(data.birthDate),
    phone: str(data.phone),
    gender: str(data.gender),
    birthPlace: str(data.birthPlace),
    verified,
    syncedAt: date(data.syncedAt),
    counts,
  });
  // An object with none of a profile's fields is some other answer (an error page's JSON, a proxy's).
  if (!PROFILE_FIELDS.some((field) => profile[field] !== undefined) && profile.syncedAt === undefined) throw invalid('profile has none of its fields');
  if (Array.isArray(data.changed)) {
    profile.changed = data.changed.filter((f): f is ProfileField => PROFILE_FIELDS.includes(f as ProfileField));
  }
  return profile;
}
