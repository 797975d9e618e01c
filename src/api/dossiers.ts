// The dossier lists and the look-up by code (the results table), with their shape checks.
import { DvcError } from '../internal/errors.js';
import { isRecord } from '../internal/http.js';
import { get, query, type ApiOptions } from './client.js';
import { count, date, defined, invalid, status, str, type Dossier, type DossierStatus, type Paged, type PublicResult } from './shapes.js';

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

export interface PageQuery {
  page: number;
  pageSize: number;
}

/** `GET /public/results?page=&pageSize=`: dossiers with a result, names masked by the server. */
export function getPublicResults(paging: PageQuery, options: ApiOptions): Promise<Paged<PublicResult>> {
  return get(`/public/results${query({ page: paging.page, pageSize: paging.pageSize })}`, (data) => parsePaged(data, parsePublicResult, paging), options);
}

/**
 * `GET /dossiers/{code}`: one dossier's public status, or `null` when the server answers 404
 * (no dossier with that code).
 */
export async function getDossier(code: string, options: ApiOptions): Promise<Dossier | null> {
  try {
    return await get(`/dossiers/${encodeURIComponent(code.trim())}`, parseFoundDossier, options);
  } catch (error) {
    if (error instanceof DvcError && error.code === 'http' && error.status === 404) return null;
    throw error;
  }
}

export interface MyDossiersQuery extends PageQuery {
  /** National status code 1-10; all when undefined. */
  status?: DossierStatus;
  /** A field name, ascending, or `-field` for descending (e.g. `-submittedAt`). */
  sort?: string;
}

/** `GET /me/dossiers?status=&page=&pageSize=&sort=`, authorised by `options.authorize`. */
export function getMyDossiers(q: MyDossiersQuery, options: ApiOptions): Promise<Paged<Dossier>> {
  const path = `/me/dossiers${query({ status: q.status, page: q.page, pageSize: q.pageSize, sort: q.sort })}`;
  return get(path, (data) => parsePaged(data, parseDossier, q), options, true);
}
