// `GET /stats/processing`: the donut's one endpoint, with its shape check.
import { count, date, defined, invalid, type ProcessingStats } from './shapes.js';
import { get, query, type ApiOptions } from './client.js';
import { isRecord } from '../internal/http.js';

export function parseStats(data: unknown, requestedYear?: number): ProcessingStats {
  if (!isRecord(data)) throw invalid('stats is not an object');
  const onTime = count(data.onTime);
  const late = count(data.late);
  if (onTime === undefined || late === undefined) throw invalid('stats onTime/late are not counts');
  const year = count(data.year) ?? requestedYear;
  if (year === undefined) throw invalid('stats year is missing');
  return defined({ year, onTime, late, updatedAt: date(data.updatedAt) });
}

/** `GET /stats/processing?year=`: on-time and late counts of one year. */
export function getStats(year: number, options: ApiOptions): Promise<ProcessingStats> {
  return get(`/stats/processing${query({ year })}`, (data) => parseStats(data, year), options);
}
