// Deterministic generated data for the reference dossier API.
//
// Everything here comes from a seeded PRNG (mulberry32), so two runs (and two processes) serve the
// same dossiers, codes and figures. The data set is frozen at the moment of the guidance document's
// screenshot (SNAPSHOT, 11/04/2023 17:15 in Quảng Trị): the two newest results are the document's
// own ("NGUYỄN ĐỨC TUẤN KIẾT" 17:13:44 and "NGUYỄN VĂN NHÂN NCN NGUYỄN DOÀNG" 17:13:01), and the
// 2023 processing figures are the document's (3.788 on time, 32 late).

/** Vietnam has no daylight saving time: every local time is UTC+7. */
export const OFFSET_MS = 7 * 3600 * 1000;
const DAY_MS = 24 * 3600 * 1000;

/** The moment the generated data set stands still (2023-04-11T17:15:00+07:00). */
export const SNAPSHOT = Date.UTC(2023, 3, 11, 10, 15, 0);
/** The first day of generated dossiers (2021-01-04, a Monday). */
const DATA_START = Date.UTC(2021, 0, 4, 0, 0, 0) - OFFSET_MS;
/** The first year the statistics cover. */
export const FIRST_STATS_YEAR = 2021;

/** The national dossier status codes and their names. */
export const STATUS_NAMES = Object.freeze({
  1: 'Mới đăng ký',
  2: 'Được tiếp nhận',
  3: 'Không được tiếp nhận',
  4: 'Đang xử lý',
  5: 'Yêu cầu bổ sung giấy tờ',
  6: 'Yêu cầu thực hiện nghĩa vụ tài chính',
  7: 'Công dân yêu cầu rút hồ sơ',
  8: 'Dừng xử lý',
  9: 'Đã xử lý xong',
  10: 'Đã trả kết quả',
});
/** Statuses counted as completed in a citizen's profile. */
export const COMPLETED_STATUSES = new Set([9, 10]);
/** Statuses counted as in progress in a citizen's profile. */
export const PROCESSING_STATUSES = new Set([1, 2, 4, 5, 6]);

/**
 * Procedures: name, legal processing time in days, and the agency that receives them
 * (agency codes follow the national scheme `ddd.dd.dd.Hdd`; H50 is Quảng Trị).
 */
export const PROCEDURES = Object.freeze([
  { name: 'Cấp giấy phép xây dựng', days: 15, agency: '000.00.12.H50' },
  { name: 'Đăng ký khai sinh', days: 1, agency: '000.00.30.H50' },
  { name: 'Cấp phiếu lý lịch tư pháp', days: 10, agency: '000.00.16.H50' },
  { name: 'Đăng ký kinh doanh hộ cá thể', days: 3, agency: '000.20.31.H50' },
  { name: 'Cấp đổi giấy phép lái xe', days: 5, agency: '000.00.11.H50' },
  { name: 'Đăng ký kết hôn', days: 3, agency: '000.00.30.H50' },
  { name: 'Chứng thực bản sao từ bản chính giấy tờ, văn bản', days: 1, agency: '000.21.32.H50' },
  { name: 'Đăng ký thường trú', days: 7, agency: '000.22.33.H50' },
  { name: 'Cấp giấy chứng nhận quyền sử dụng đất lần đầu', days: 30, agency: '000.00.13.H50' },
  { name: 'Cấp giấy phép lao động cho người lao động nước ngoài', days: 5, agency: '000.00.19.H50' },
]);

const FAMILY = ['NGUYỄN', 'TRẦN', 'LÊ', 'PHẠM', 'HOÀNG', 'PHAN', 'VÕ', 'ĐẶNG', 'BÙI', 'ĐỖ', 'HỒ', 'NGÔ', 'DƯƠNG', 'LÝ', 'TRƯƠNG', 'HÀ'];
const MIDDLE = ['VĂN', 'THỊ', 'ĐỨC', 'MINH', 'HỮU', 'THANH', 'NGỌC', 'QUANG', 'THU', 'XUÂN', 'CÔNG', 'KIM', 'HOÀI', 'BẢO'];
const GIVEN = [
  'AN', 'BÌNH', 'CHÂU', 'DŨNG', 'GIANG', 'HÀ', 'HẢI', 'HẠNH', 'HIẾU', 'HOA', 'HÙNG', 'HƯƠNG', 'KHÁNH', 'KIỆT', 'LAN',
  'LINH', 'LONG', 'MAI', 'NAM', 'NGA', 'NHÂN', 'PHONG', 'PHÚC', 'QUÂN', 'SƠN', 'TÂM', 'THẢO', 'TRANG', 'TUẤN', 'VY', 'YẾN',
];

/**
 * A dossier's code: `<agency code>-<yyMMdd submission date>-<4-digit sequence of that agency and day>`,
 * e.g. `000.00.30.H50-230411-0001`. The agency code is `ddd.dd.dd.<letter><2 digits>`.
 */
export const CODE_PATTERN = /^(\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2})-(\d{2})(\d{2})(\d{2})-(\d{4})$/;

/** Whether `code` is a well-formed dossier code (format and a real calendar date). @param {string} code */
export function isValidCode(code) {
  const m = CODE_PATTERN.exec(code);
  if (!m) return false;
  const year = 2000 + Number(m[2]);
  const month = Number(m[3]);
  const day = Number(m[4]);
  if (month < 1 || month > 12 || day < 1) return false;
  const d = new Date(Date.UTC(year, month - 1, day));
  return d.getUTCMonth() === month - 1 && d.getUTCDate() === day && m[5] !== '0000';
}

/**
 * mulberry32: a small, fast, seedable PRNG.
 * @param {number} seed
 * @returns {() => number} uniform in [0, 1)
 */
export function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a, for seeding from strings. @param {string} text */
export function hashString(text) {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** ISO 8601 with the +07:00 offset, to the second: `2023-04-11T17:13:44+07:00`. @param {number} ms */
export function isoLocal(ms) {
  return new Date(ms + OFFSET_MS).toISOString().slice(0, 19) + '+07:00';
}

/** yyMMdd strings by local day number (days since 1970-01-01 in Vietnam time). */
const dayLabels = new Map();

/** The yyMMdd of a moment, in Vietnam time. @param {number} ms */
function yymmdd(ms) {
  const day = Math.floor((ms + OFFSET_MS) / DAY_MS);
  let label = dayLabels.get(day);
  if (label === undefined) {
    label = new Date(day * DAY_MS).toISOString().slice(2, 10).replace(/-/g, '');
    dayLabels.set(day, label);
  }
  return label;
}

/**
 * Masks a citizen's name for public lists (Decree 13/2023/NĐ-CP, Law 91/2025/QH15 on personal data):
 * the family name (first word) stays whole; every other word keeps its first letter and each of its
 * remaining letters becomes `*`. "NGUYỄN ĐỨC TUẤN KIẾT" → "NGUYỄN Đ** T*** K***". A one-word name
 * keeps only its first letter. Letters are counted on the NFC form (one per Vietnamese letter).
 * @param {string} name
 */
export function maskName(name) {
  const words = String(name).normalize('NFC').trim().split(/\s+/).filter(Boolean);
  return words
    .map((word, i) => {
      const letters = Array.from(word);
      if (i === 0 && words.length > 1) return word;
      return letters[0] + '*'.repeat(letters.length - 1);
    })
    .join(' ');
}

/**
 * @typedef {object} Dossier
 * @property {string} code
 * @property {number} procedure index into PROCEDURES
 * @property {string | number} applicantName unmasked, never served as is: the name, or a generated
 *   name packed as a number (see randomName) and spelled out by nameOf only when a page shows it
 * @property {number} submittedAt epoch ms
 * @property {number} dueAt epoch ms
 * @property {number} status 1..10
 * @property {number | undefined} resultAt epoch ms, for statuses 9 and 10
 * @property {string | undefined} owner the citizen's `sub`, for demo citizens' dossiers
 */

/** The public view of a dossier (no personal data). @param {Dossier} d */
export function publicDossier(d) {
  /** @type {Record<string, unknown>} */
  const out = {
    code: d.code,
    procedureName: PROCEDURES[d.procedure].name,
    submittedAt: isoLocal(d.submittedAt),
    dueAt: isoLocal(d.dueAt),
    status: d.status,
    statusName: STATUS_NAMES[/** @type {keyof typeof STATUS_NAMES} */ (d.status)],
  };
  if (d.resultAt !== undefined) out.resultAt = isoLocal(d.resultAt);
  return out;
}

/** An entry of the public results list, name masked. @param {Dossier} d */
export function publicResult(d) {
  return {
    code: d.code,
    applicantName: maskName(nameOf(d.applicantName)),
    procedureName: PROCEDURES[d.procedure].name,
    resultAt: isoLocal(/** @type {number} */ (d.resultAt)),
  };
}

/** The two results of the guidance document, newest first. */
const SEED_RESULTS = [
  {
    code: '000.00.30.H50-230411-0001',
    applicantName: 'NGUYỄN ĐỨC TUẤN KIẾT',
    procedure: 1,
    submittedAt: Date.UTC(2023, 3, 11, 0, 42, 10),
    resultAt: Date.UTC(2023, 3, 11, 10, 13, 44),
  },
  {
    code: '000.00.30.H50-230411-0002',
    applicantName: 'NGUYỄN VĂN NHÂN NCN NGUYỄN DOÀNG',
    procedure: 1,
    submittedAt: Date.UTC(2023, 3, 11, 0, 58, 27),
    resultAt: Date.UTC(2023, 3, 11, 10, 13, 1),
  },
];
/** Generated results all come strictly before the document's two. */
const LAST_GENERATED_RESULT = SEED_RESULTS[1].resultAt - 60 * 1000;

/** Hands out the sequence numbers of dossier codes, per agency and day. */
class CodeBook {
  constructor() {
    /** @type {Map<number, number>} (agency index, local day) → last sequence number used */
    this.next = new Map();
    /** @type {Map<string, number>} */
    this.agencies = new Map();
  }
  /** @param {string} agency @param {number} ms */
  key(agency, ms) {
    let a = this.agencies.get(agency);
    if (a === undefined) this.agencies.set(agency, (a = this.agencies.size));
    return a * 1e6 + Math.floor((ms + OFFSET_MS) / DAY_MS);
  }
  /** The next free code of an agency on the day of `ms`. @param {string} agency @param {number} ms */
  take(agency, ms) {
    const key = this.key(agency, ms);
    const n = (this.next.get(key) ?? 0) + 1;
    this.next.set(key, n);
    return agency + '-' + yymmdd(ms) + (n < 10 ? '-000' : n < 100 ? '-00' : n < 1000 ? '-0' : '-') + n;
  }
  /** Marks the fixed code of a dossier submitted at `ms` as used. @param {string} code @param {number} ms */
  reserve(code, ms) {
    const key = this.key(code.slice(0, 13), ms);
    this.next.set(key, Math.max(Number(code.slice(-4)), this.next.get(key) ?? 0));
  }
}

/**
 * A random Vietnamese name, packed as family·1e6 + middle·1e4 + second middle·100 + given
 * (second middle 99: none). One name in five has a second middle name.
 * @param {() => number} rng
 */
function randomName(rng) {
  const family = Math.floor(rng() * FAMILY.length);
  const middle = Math.floor(rng() * MIDDLE.length);
  const given = Math.floor(rng() * GIVEN.length);
  const second = rng() < 0.2 ? Math.floor(rng() * MIDDLE.length) : 99;
  return family * 1e6 + middle * 1e4 + second * 100 + given;
}

/** A dossier's applicant name, in capitals. @param {string | number} name */
export function nameOf(name) {
  if (typeof name === 'string') return name;
  const second = Math.floor(name / 100) % 100;
  return [
    FAMILY[Math.floor(name / 1e6)],
    MIDDLE[Math.floor(name / 1e4) % 100],
    ...(second === 99 ? [] : [MIDDLE[second]]),
    GIVEN[name % 100],
  ].join(' ');
}

/**
 * A working-hours moment (07:30–17:00 local) on the day `dayStart` (local midnight, in UTC ms).
 * @param {() => number} rng
 * @param {number} dayStart
 */
function workingMoment(rng, dayStart) {
  return dayStart + 7.5 * 3600 * 1000 + Math.floor(rng() * 9.5 * 3600) * 1000;
}

/** Local midnight (as UTC ms) of the day holding `ms`. @param {number} ms */
function localMidnight(ms) {
  return Math.floor((ms + OFFSET_MS) / DAY_MS) * DAY_MS - OFFSET_MS;
}

/**
 * Fills in status, due date and result of a dossier submitted at `submittedAt`.
 * Old dossiers are mostly finished; recent ones are mostly in progress. About 1% finish late.
 * @param {() => number} rng
 * @param {number} procedure
 * @param {number} submittedAt
 * @param {number} [forcedStatus]
 */
function lifecycle(rng, procedure, submittedAt, forcedStatus) {
  const days = PROCEDURES[procedure].days;
  const dueAt = localMidnight(submittedAt) + days * DAY_MS + 17 * 3600 * 1000;
  const age = SNAPSHOT - submittedAt;
  let status = forcedStatus;
  if (status === undefined) {
    const r = rng();
    if (age > 45 * DAY_MS) {
      status = r < 0.72 ? 10 : r < 0.9 ? 9 : r < 0.94 ? 3 : r < 0.97 ? 7 : r < 0.99 ? 8 : 4;
    } else {
      status = r < 0.3 ? 10 : r < 0.45 ? 9 : r < 0.55 ? 1 : r < 0.65 ? 2 : r < 0.8 ? 4 : r < 0.88 ? 5 : r < 0.93 ? 6 : r < 0.95 ? 3 : r < 0.98 ? 7 : 8;
    }
  }
  /** @type {number | undefined} */
  let resultAt;
  if (status === 9 || status === 10) {
    const late = rng() < 0.0085;
    resultAt = late
      ? dueAt + Math.floor((0.1 + rng() * 4) * DAY_MS)
      : submittedAt + Math.floor(rng() * Math.max(dueAt - submittedAt, 3600 * 1000));
    if (resultAt > LAST_GENERATED_RESULT) {
      // Not finished by the snapshot after all: still being processed.
      status = 4;
      resultAt = undefined;
    }
  }
  return { dueAt, status, resultAt };
}

/**
 * @typedef {object} Dataset
 * @property {Dossier[]} dossiers every dossier, pool and citizens'
 * @property {Map<string, Dossier>} byCode
 * @property {Dossier[]} results dossiers with a result (statuses 9, 10) of the public pool, newest result first
 * @property {number} generationMs how long generating took
 * @property {Map<string, Dossier[]>} citizens each demo citizen's own dossiers, by `sub`
 * @property {CodeBook} codes the sequence numbers handed out so far
 */

/**
 * Generates the public pool of `count` dossiers (the document's two results included).
 * Deterministic for a given count. About 10 ms per 10,000 dossiers.
 * @param {number} count
 * @returns {Dataset}
 */
export function generateDataset(count) {
  const started = performance.now();
  const rng = mulberry32(20230411);
  const codes = new CodeBook();
  /** @type {Dossier[]} */
  const dossiers = [];
  for (const s of SEED_RESULTS) {
    codes.reserve(s.code, s.submittedAt);
    const dueAt = localMidnight(s.submittedAt) + DAY_MS + 17 * 3600 * 1000;
    dossiers.push({ ...s, dueAt, status: 10, owner: undefined });
  }
  const firstDay = localMidnight(DATA_START);
  const days = Math.floor((localMidnight(SNAPSHOT) - firstDay) / DAY_MS);
  const generated = Math.max(0, count - SEED_RESULTS.length);
  for (let i = 0; i < generated; i++) {
    // Spread over the whole period, slightly denser towards the snapshot.
    const day = Math.min(days - 1, Math.floor(Math.sqrt(rng()) * days));
    let submittedAt = workingMoment(rng, firstDay + day * DAY_MS);
    if (submittedAt > SNAPSHOT) submittedAt = SNAPSHOT - 3600 * 1000;
    const procedure = Math.floor(rng() * PROCEDURES.length);
    const { dueAt, status, resultAt } = lifecycle(rng, procedure, submittedAt);
    dossiers.push({
      code: codes.take(PROCEDURES[procedure].agency, submittedAt),
      procedure,
      applicantName: randomName(rng),
      submittedAt,
      dueAt,
      status,
      resultAt,
      owner: undefined,
    });
  }
  const byCode = new Map();
  for (const d of dossiers) byCode.set(d.code, d);
  const results = dossiers.filter((d) => d.resultAt !== undefined);
  results.sort((a, b) => /** @type {number} */ (b.resultAt) - /** @type {number} */ (a.resultAt) || (a.code < b.code ? -1 : 1));
  return { dossiers, byCode, results, generationMs: performance.now() - started, citizens: new Map(), codes };
}

/**
 * Statuses given in order to a citizen's dossiers so every status shows up in a demo account;
 * after the pattern, statuses follow the pool's distribution.
 */
const CITIZEN_STATUS_PATTERN = [10, 4, 9, 2, 5, 10, 1, 6, 3, 10, 7, 8, 9, 4, 10];

/**
 * A citizen's own dossiers: deterministic from their `sub`, recorded in the data set's code index
 * (so `/dossiers/{code}` finds them) but not in the public results list.
 * @param {Dataset} dataset
 * @param {string} sub
 * @param {string} applicantName
 * @param {number} count
 * @returns {Dossier[]}
 */
export function generateCitizenDossiers(dataset, sub, applicantName, count) {
  const known = dataset.citizens.get(sub);
  if (known) return known;
  const rng = mulberry32(hashString('citizen:' + sub));
  const codes = dataset.codes;
  /** @type {Dossier[]} */
  const own = [];
  for (let i = 0; i < count; i++) {
    let status = i < CITIZEN_STATUS_PATTERN.length ? CITIZEN_STATUS_PATTERN[i] : undefined;
    const inProgress = status !== undefined ? PROCESSING_STATUSES.has(status) : rng() < 0.25;
    // Dossiers still in progress were submitted in the last three weeks; the others over two years.
    const back = inProgress ? 1 + Math.floor(rng() * 20) : 30 + Math.floor(rng() * 800);
    const submittedAt = workingMoment(rng, localMidnight(SNAPSHOT) - back * DAY_MS);
    const procedure = Math.floor(rng() * PROCEDURES.length);
    if (status === undefined && inProgress) status = [1, 2, 4, 4, 5, 6][Math.floor(rng() * 6)];
    const life = lifecycle(rng, procedure, submittedAt, status);
    const d = {
      code: codes.take(PROCEDURES[procedure].agency, submittedAt),
      procedure,
      applicantName,
      submittedAt,
      dueAt: life.dueAt,
      status: life.status,
      resultAt: life.resultAt,
      owner: sub,
    };
    own.push(d);
    dataset.byCode.set(d.code, d);
  }
  dataset.citizens.set(sub, own);
  return own;
}

/**
 * Yearly processing figures: 2023 is the guidance document's (3.788 on time, 32 late, as of the
 * snapshot); other years from 2021 to the current year are generated from the year as seed.
 * The current year's figures grow with the day of the year. Returns undefined for years without data.
 * @param {number} year
 * @param {number} now epoch ms
 */
export function processingStats(year, now) {
  const currentYear = new Date(now + OFFSET_MS).getUTCFullYear();
  if (!Number.isInteger(year) || year < FIRST_STATS_YEAR || year > currentYear) return undefined;
  if (year === 2023) return { year, onTime: 3788, late: 32, updatedAt: isoLocal(SNAPSHOT) };
  const rng = mulberry32(hashString('stats:' + year));
  let onTime = 3000 + Math.floor(rng() * 2500);
  let late = 8 + Math.floor(rng() * 70);
  let updatedAt = Date.UTC(year, 11, 31, 23, 59, 59) - OFFSET_MS;
  if (year === currentYear) {
    const yearStart = Date.UTC(year, 0, 1) - OFFSET_MS;
    const today = localMidnight(now);
    const share = Math.min(1, (today - yearStart) / (365 * DAY_MS));
    onTime = Math.round(onTime * share);
    late = Math.round(late * share);
    updatedAt = today;
  }
  return { year, onTime, late, updatedAt: isoLocal(updatedAt) };
}

/** @type {Map<number, Dataset>} */
const cache = new Map();

/** The data set of `count` dossiers, generated once per process. @param {number} count */
export function getDataset(count) {
  let dataset = cache.get(count);
  if (!dataset) {
    dataset = generateDataset(count);
    cache.set(count, dataset);
  }
  return dataset;
}
