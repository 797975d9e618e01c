import { cached } from './index.js';

// Dates in the portal's own format, in Asia/Ho_Chi_Minh, written out without Intl for the dates
// widgets show (see formatNumber in ./index.ts for why); in the chunk of the elements that show
// dates (the results table, the profile, the statistics' "updated at"), not in every page's core.

const TIME_ZONE = 'Asia/Ho_Chi_Minh';
const HOUR = 3_600_000;
/** Asia/Ho_Chi_Minh has kept UTC+7, without summer time, since 13/06/1975 00:00 (+07). */
const FIXED_OFFSET_SINCE = Date.UTC(1975, 5, 12, 17);
const LAST_FOUR_DIGIT_YEAR = Date.UTC(9999, 11, 31, 17) - 1;

function parts(value: string | number | Date, withTime: boolean): Record<string, string> | undefined {
  const date = value instanceof Date ? value : new Date(value);
  const time = date.getTime();
  if (Number.isNaN(time)) return undefined;
  if (time >= FIXED_OFFSET_SINCE && time <= LAST_FOUR_DIGIT_YEAR) {
    const local = new Date(time + 7 * HOUR);
    const two = (n: number) => String(n).padStart(2, '0');
    const day = { day: two(local.getUTCDate()), month: two(local.getUTCMonth() + 1), year: String(local.getUTCFullYear()) };
    if (!withTime) return day;
    return { ...day, hour: two(local.getUTCHours()), minute: two(local.getUTCMinutes()), second: two(local.getUTCSeconds()) };
  }
  const make = () =>
    new Intl.DateTimeFormat('en-GB', {
      timeZone: TIME_ZONE,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      ...(withTime ? { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' as const } : {}),
    });
  const format = cached(withTime ? 'dt' : 'd', make) as Intl.DateTimeFormat;
  return Object.fromEntries(format.formatToParts(date).map((p) => [p.type, p.value]));
}

/**
 * "11/04/2023 17:13:44" in Asia/Ho_Chi_Minh, in both languages (the portal's own format);
 * undefined when the value is not a date, so the caller shows "Không có dữ liệu".
 */
export function formatDateTime(value: string | number | Date): string | undefined {
  const p = parts(value, true);
  return p && `${p.day}/${p.month}/${p.year} ${p.hour}:${p.minute}:${p.second}`;
}

/** "11/04/2023" in Asia/Ho_Chi_Minh; undefined when the value is not a date. */
export function formatDate(value: string | number | Date): string | undefined {
  const p = parts(value, false);
  return p && `${p.day}/${p.month}/${p.year}`;
}
