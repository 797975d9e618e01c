// The reference dossier API (openapi/dossier-api.json), as a request handler a Node HTTP server mounts.
//
//   import { createApi } from './api/index.js';
//   const api = createApi({ issuer, jwksUri, audience, allowedOrigins, findAccount });
//   http.createServer(async (req, res) => { if (await api(req, res)) return; ... });
//
// The handler answers every path under /api (it strips the prefix itself) and returns false for others.

import { readFileSync } from 'node:fs';
import { createVerifier } from './auth.js';
import { PROFILE_FIELDS, resolveCitizen } from './citizens.js';
import {
  COMPLETED_STATUSES,
  PROCESSING_STATUSES,
  generateCitizenDossiers,
  getDataset,
  isValidCode,
  isoLocal,
  processingStats,
  publicDossier,
  publicResult,
} from './data.js';
import { devRefusal } from '../dev/guard.js';
import { ApiError, badParam, intParam, queryValue, readJsonBody, sendError, sendJson, waitOrClose } from './http.js';

export { DEMO_CITIZENS, portalClaims } from './citizens.js';
export { STATUS_NAMES, maskName, isValidCode } from './data.js';

/** How the simulated National Population Database answers a sync. */
export const POPULATION_DB_MODES = /** @type {const} */ (['normal', 'slow', 'unavailable', 'silent']);
/** Faults the development switch can put on a path prefix. */
export const FAULT_MODES = /** @type {const} */ (['normal', 'slow', '500', '503', 'malformed', 'hang', 'wrong-shape']);
/** `sort` values of GET /me/dossiers. */
export const SORT_KEYS = ['submittedAt', 'dueAt', 'status', 'code', 'resultAt'];

const DEFAULT_DOSSIERS = 5000;
const MAX_DOSSIERS = 1_000_000;

/**
 * @typedef {object} ApiOptions
 * @property {string} issuer the OpenID issuer, exactly as in its tokens' `iss`
 * @property {string} [jwksUri] the provider's key set (default `<issuer>/jwks`); fetched on first use
 * @property {string} audience the `aud` the access tokens must carry (the API's URL)
 * @property {string[]} [allowedOrigins] agency origins allowed by CORS (`*` for any); localhost origins are allowed outside production
 * @property {string[]} [ownOrigins] the origins of the server's own pages, the only ones that may drive /dev/* (default: the audience's)
 * @property {(sub: string) => unknown} [findAccount] the demo citizen's claims by `sub` (or an oidc-provider Account); optional
 * @property {boolean} [production] default `process.env.NODE_ENV === 'production'`; development switches are off in production
 * @property {number} [dossierCount] size of the public data set (default env DVC_DOSSIERS or 5000)
 * @property {number} [slowMs] delay of the "slow" modes (default 3000)
 * @property {number} [hangMs] how long the "silent"/"hang" modes hold a request at most (default 60000)
 * @property {{max: number, windowMs: number}} [syncLimit] sync rate limit per citizen (default 5 per 60 s)
 * @property {() => number} [now] the clock (epoch ms)
 * @property {string} [publicOrigin] the origin clients reach the API at (DPoP proofs name its URLs)
 * @property {(jti: unknown) => Promise<boolean>} [accessTokenAlive] the provider's answer whether an access token's grant still exists
 */

/**
 * Creates the dossier API handler.
 * @param {ApiOptions} options
 * @returns {((req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => Promise<boolean>) & {dataset: import('./data.js').Dataset}}
 */
export function createApi(options) {
  const {
    issuer,
    jwksUri,
    audience,
    allowedOrigins = [],
    ownOrigins = [new URL(audience).origin],
    findAccount,
    production = process.env.NODE_ENV === 'production',
    slowMs = 3000,
    hangMs = 60_000,
    syncLimit = { max: 5, windowMs: 60_000 },
    now = Date.now,
  } = options;
  const dossierCount = Math.min(
    MAX_DOSSIERS,
    Math.max(2, Math.floor(options.dossierCount ?? (Number(process.env.DVC_DOSSIERS) || DEFAULT_DOSSIERS))),
  );
  const dataset = getDataset(dossierCount);
  const verify = createVerifier({
    issuer, jwksUri, audience, now,
    ...(options.publicOrigin ? { publicOrigin: options.publicOrigin } : {}),
    ...(options.accessTokenAlive ? { alive: options.accessTokenAlive } : {}),
  });
  const origins = new Set(allowedOrigins.map((o) => o.replace(/\/$/, '')));
  const devOrigins = new Set(ownOrigins);

  /** @type {(typeof POPULATION_DB_MODES)[number]} */
  let populationMode = 'normal';
  const envMode = process.env.DVC_POPULATION_DB;
  if (!production && envMode && /** @type {readonly string[]} */ (POPULATION_DB_MODES).includes(envMode)) {
    populationMode = /** @type {(typeof POPULATION_DB_MODES)[number]} */ (envMode);
  }
  /** @type {Map<string, {mode: string, remaining: number | null}>} path prefix → fault */
  const faults = new Map();
  /** @type {Map<string, number[]>} sub → times of recent sync requests */
  const syncTimes = new Map();
  /**
   * The portal's current copy of each citizen's identity (changes on sync).
   * @type {Map<string, {citizen: import('./citizens.js').DemoCitizen, portal: import('./citizens.js').Identity, syncedAt: string | null, dossiers: import('./data.js').Dossier[], sorted: Map<string, import('./data.js').Dossier[]>}>}
   */
  const records = new Map();

  let openapiText = /** @type {string | undefined} */ (undefined);

  // ---- CORS ---------------------------------------------------------------------------------

  /** @param {string} origin */
  function originAllowed(origin) {
    if (origins.has('*') || origins.has(origin)) return true;
    if (production) return false;
    try {
      const { hostname, protocol } = new URL(origin);
      return (
        (protocol === 'http:' || protocol === 'https:') &&
        (hostname === 'localhost' || hostname === '127.0.0.1' || hostname === '[::1]' || hostname.endsWith('.localhost'))
      );
    } catch {
      return false;
    }
  }

  // ---- citizens -----------------------------------------------------------------------------

  /**
   * The signed-in citizen's record, from the verified access token only.
   * @param {import('node:http').IncomingMessage} req
   */
  async function citizenOf(req) {
    const { sub } = await verify(req);
    let record = records.get(sub);
    if (!record) {
      const citizen = await resolveCitizen(sub, findAccount);
      if (!citizen) {
        throw new ApiError(404, 'not_found', 'Không tìm thấy hồ sơ công dân của tài khoản này / No citizen record for this account');
      }
      // Another request may have created it while findAccount ran.
      record = records.get(sub) ?? {
        citizen,
        portal: { ...citizen.portal },
        syncedAt: citizen.syncedAt,
        dossiers: generateCitizenDossiers(dataset, sub, citizen.portal.fullName, citizen.dossierCount),
        sorted: new Map(),
      };
      records.set(sub, record);
    }
    return record;
  }

  /** @param {NonNullable<ReturnType<typeof records.get>>} record */
  function profileOf(record) {
    const { portal, citizen } = record;
    /** @type {Record<string, boolean>} */
    const verified = {};
    // A field is verified when it matches the National Population Database.
    for (const f of PROFILE_FIELDS) verified[f] = portal[f] !== null && portal[f] === citizen.population[f];
    let completed = 0;
    let processing = 0;
    for (const d of record.dossiers) {
      if (COMPLETED_STATUSES.has(d.status)) completed++;
      else if (PROCESSING_STATUSES.has(d.status)) processing++;
    }
    return { ...portal, verified, syncedAt: record.syncedAt, counts: { completed, processing } };
  }

  // ---- handlers -----------------------------------------------------------------------------

  /** @typedef {{req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse, params: URLSearchParams, match: RegExpExecArray}} Ctx */

  /** @param {Ctx} c */
  function getStats({ req, res, params }) {
    const raw = queryValue(params, 'year');
    let year = new Date(now() + 7 * 3600 * 1000).getUTCFullYear();
    if (raw !== undefined) {
      if (!/^\d{4}$/.test(raw)) throw badParam('year', { vi: 'phải là năm gồm 4 chữ số, ví dụ 2023', en: 'must be a 4-digit year, e.g. 2023' });
      year = Number(raw);
    }
    const stats = processingStats(year, now());
    if (!stats) throw new ApiError(404, 'not_found', `Không có số liệu năm ${year} / No figures for year ${year}`);
    sendJson(req, res, 200, stats, { cache: 'public' });
  }

  /** @param {Ctx} c */
  function getPublicResults({ req, res, params }) {
    const page = intParam(params, 'page', { min: 1, max: 1_000_000, fallback: 1 });
    const pageSize = intParam(params, 'pageSize', { min: 1, max: 100, fallback: 20 });
    const start = (page - 1) * pageSize;
    const items = dataset.results.slice(start, start + pageSize).map(publicResult);
    sendJson(req, res, 200, { items, page, pageSize, total: dataset.results.length }, { cache: 'public' });
  }

  /** @param {Ctx} c */
  function getDossier({ req, res, match }) {
    let code;
    try {
      code = decodeURIComponent(match[1]);
    } catch {
      code = '';
    }
    if (!isValidCode(code)) {
      throw new ApiError(
        400,
        'invalid_parameter',
        'Mã hồ sơ không đúng định dạng, ví dụ 000.00.30.H50-230411-0001 / Malformed dossier code, expected e.g. 000.00.30.H50-230411-0001',
        {},
        { param: 'code' },
      );
    }
    const dossier = dataset.byCode.get(code);
    if (!dossier) throw new ApiError(404, 'not_found', `Không tìm thấy hồ sơ ${code} / No dossier with code ${code}`);
    sendJson(req, res, 200, publicDossier(dossier), { cache: 'public' });
  }

  /** @param {Ctx} c */
  async function getProfile({ req, res }) {
    const record = await citizenOf(req);
    sendJson(req, res, 200, profileOf(record), { cache: 'private' });
  }

  /** @param {Ctx} c */
  async function postSync({ req, res }) {
    const record = await citizenOf(req);
    const sub = record.citizen.sub;
    const t = now();
    const recent = (syncTimes.get(sub) ?? []).filter((at) => t - at < syncLimit.windowMs);
    if (recent.length >= syncLimit.max) {
      const retryAfter = Math.max(1, Math.ceil((recent[0] + syncLimit.windowMs - t) / 1000));
      syncTimes.set(sub, recent);
      throw new ApiError(
        429,
        'rate_limited',
        `Cập nhật quá nhiều lần, vui lòng thử lại sau ${retryAfter} giây / Too many sync requests, retry in ${retryAfter} s`,
        { 'retry-after': String(retryAfter) },
      );
    }
    recent.push(t);
    syncTimes.set(sub, recent);

    const mode = populationMode;
    if (mode === 'unavailable') {
      throw new ApiError(
        503,
        'population_db_unavailable',
        'CSDL Quốc gia về Dân cư tạm thời không phản hồi, vui lòng thử lại sau / The National Population Database is unavailable, retry later',
        { 'retry-after': '30' },
      );
    }
    if (mode === 'slow' || mode === 'silent') {
      const stillThere = await waitOrClose(req, res, mode === 'slow' ? slowMs : hangMs);
      if (!stillThere) return; // The client gave up: nothing was changed.
      if (mode === 'silent') {
        throw new ApiError(504, 'population_db_timeout', 'CSDL Quốc gia về Dân cư không trả lời / The National Population Database did not answer');
      }
    }
    // Compare and apply in one synchronous step: a retried or concurrent sync finds nothing left to change.
    const population = record.citizen.population;
    const changed = PROFILE_FIELDS.filter((f) => record.portal[f] !== population[f]);
    record.portal = { ...population };
    record.syncedAt = isoLocal(now());
    sendJson(req, res, 200, { ...profileOf(record), changed }, { cache: 'private' });
  }

  /** @param {Ctx} c */
  async function getMyDossiers({ req, res, params }) {
    // Parameters first: a malformed request is a 400 whoever sends it.
    const rawStatus = queryValue(params, 'status');
    /** @type {Set<number> | undefined} */
    let statuses;
    if (rawStatus !== undefined) {
      const parts = rawStatus.split(',');
      if (!parts.every((p) => /^(?:[1-9]|10)$/.test(p.trim()))) {
        throw badParam('status', {
          vi: 'phải là mã trạng thái từ 1 đến 10 (có thể nhiều mã, cách nhau bằng dấu phẩy)',
          en: 'must be a status code from 1 to 10 (or several, comma-separated)',
        });
      }
      statuses = new Set(parts.map(Number));
    }
    const page = intParam(params, 'page', { min: 1, max: 1_000_000, fallback: 1 });
    const pageSize = intParam(params, 'pageSize', { min: 1, max: 100, fallback: 20 });
    const sort = queryValue(params, 'sort') ?? '-submittedAt';
    const key = sort.replace(/^-/, '');
    if (!SORT_KEYS.includes(key)) {
      throw badParam('sort', {
        vi: `phải là một trong ${SORT_KEYS.join(', ')}, có thể thêm dấu "-" phía trước để sắp xếp giảm dần`,
        en: `must be one of ${SORT_KEYS.join(', ')}, optionally prefixed with "-" for descending order`,
      });
    }
    const record = await citizenOf(req);
    let sorted = record.sorted.get(sort);
    if (!sorted) {
      const dir = sort.startsWith('-') ? -1 : 1;
      const k = /** @type {'submittedAt' | 'dueAt' | 'status' | 'code' | 'resultAt'} */ (key);
      sorted = [...record.dossiers].sort((a, b) => {
        const x = a[k];
        const y = b[k];
        // Dossiers without a result come last in both directions.
        if (x === undefined || y === undefined) return x === y ? 0 : x === undefined ? 1 : -1;
        return (x < y ? -1 : x > y ? 1 : 0) * dir || (a.code < b.code ? -1 : 1);
      });
      record.sorted.set(sort, sorted);
    }
    const filtered = statuses ? sorted.filter((d) => statuses.has(d.status)) : sorted;
    const start = (page - 1) * pageSize;
    const items = filtered.slice(start, start + pageSize).map(publicDossier);
    sendJson(req, res, 200, { items, page, pageSize, total: filtered.length }, { cache: 'private' });
  }

  /** @param {Ctx} c */
  function getOpenApi({ req, res }) {
    if (openapiText === undefined) {
      try {
        openapiText = readFileSync(new URL('../../openapi/dossier-api.json', import.meta.url), 'utf8');
      } catch {
        openapiText = '';
      }
    }
    if (!openapiText) throw new ApiError(404, 'not_found', 'Không có tài liệu OpenAPI / No OpenAPI document');
    sendJson(req, res, 200, JSON.parse(openapiText), { cache: 'public' });
  }

  // ---- development switches -----------------------------------------------------------------

  /** @param {Ctx} c */
  async function populationDb({ req, res }) {
    if (req.method === 'POST') {
      const body = await readJsonBody(req);
      const mode = body.mode;
      if (typeof mode !== 'string' || !(/** @type {readonly string[]} */ (POPULATION_DB_MODES).includes(mode))) {
        throw new ApiError(400, 'invalid_body', `"mode" phải là một trong / "mode" must be one of: ${POPULATION_DB_MODES.join(', ')}`, {}, { param: 'mode' });
      }
      populationMode = /** @type {(typeof POPULATION_DB_MODES)[number]} */ (mode);
    }
    sendJson(req, res, 200, { mode: populationMode }, { cache: 'private' });
  }

  function faultList() {
    return [...faults].map(([path, f]) => ({ path: '/api' + (path === '/' ? '' : path), mode: f.mode, remaining: f.remaining }));
  }

  /** @param {Ctx} c */
  async function devFaults({ req, res }) {
    if (req.method === 'DELETE') faults.clear();
    if (req.method === 'POST') {
      const body = await readJsonBody(req);
      const { mode, times } = body;
      let path = typeof body.path === 'string' ? body.path : '';
      if (path === '/api' || path.startsWith('/api/')) path = path.slice(4) || '/';
      if (!path.startsWith('/') || path.startsWith('/dev')) {
        throw new ApiError(
          400,
          'invalid_body',
          '"path" phải là tiền tố đường dẫn của API, ví dụ /api/public/results / "path" must be an API path prefix, e.g. /api/public/results',
          {},
          { param: 'path' },
        );
      }
      if (typeof mode !== 'string' || !(/** @type {readonly string[]} */ (FAULT_MODES).includes(mode))) {
        throw new ApiError(400, 'invalid_body', `"mode" phải là một trong / "mode" must be one of: ${FAULT_MODES.join(', ')}`, {}, { param: 'mode' });
      }
      if (times !== undefined && !(Number.isInteger(times) && /** @type {number} */ (times) >= 1 && /** @type {number} */ (times) <= 1000)) {
        throw new ApiError(400, 'invalid_body', '"times" phải là số nguyên từ 1 đến 1000 / "times" must be an integer from 1 to 1000', {}, { param: 'times' });
      }
      if (mode === 'normal') faults.delete(path);
      else faults.set(path, { mode, remaining: typeof times === 'number' ? times : null });
    }
    sendJson(req, res, 200, { faults: faultList() }, { cache: 'private' });
  }

  /**
   * The fault for an API path (longest matching prefix), used up by one request.
   * @param {string} path
   */
  function takeFault(path) {
    let best = '';
    for (const prefix of faults.keys()) {
      if (path.startsWith(prefix) && prefix.length > best.length) best = prefix;
    }
    if (!best) return undefined;
    const fault = /** @type {{mode: string, remaining: number | null}} */ (faults.get(best));
    if (fault.remaining !== null && --fault.remaining <= 0) faults.delete(best);
    return fault.mode;
  }

  /**
   * Plays a fault. Resolves true when the request was answered (or abandoned) by it.
   * @param {string} mode
   * @param {import('node:http').IncomingMessage} req
   * @param {import('node:http').ServerResponse} res
   */
  async function playFault(mode, req, res) {
    switch (mode) {
      case 'slow':
        return !(await waitOrClose(req, res, slowMs));
      case 'hang':
        if (await waitOrClose(req, res, hangMs)) {
          sendError(req, res, new ApiError(504, 'timeout', 'Hết thời gian chờ (lỗi giả lập) / Timed out (simulated fault)'));
        }
        return true;
      case '500':
        sendError(req, res, new ApiError(500, 'internal_error', 'Lỗi máy chủ (lỗi giả lập) / Server error (simulated fault)'));
        return true;
      case '503':
        sendError(
          req,
          res,
          new ApiError(503, 'service_unavailable', 'Dịch vụ tạm thời gián đoạn (lỗi giả lập) / Service unavailable (simulated fault)', {
            'retry-after': '5',
          }),
        );
        return true;
      case 'malformed':
        res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
        res.end('{"items":[{"code":"000.00.30.H50-2304');
        return true;
      case 'wrong-shape':
        sendJson(req, res, 200, { unexpected: true, items: 'not-an-array', total: 'many', year: 'two thousand', onTime: null }, { cache: 'private' });
        return true;
      default:
        return false;
    }
  }

  // ---- routing ------------------------------------------------------------------------------

  /** @type {{pattern: RegExp, methods: Record<string, (c: Ctx) => unknown>, dev?: boolean}[]} */
  const routes = [
    { pattern: /^\/stats\/processing$/, methods: { GET: getStats, HEAD: getStats } },
    { pattern: /^\/public\/results$/, methods: { GET: getPublicResults, HEAD: getPublicResults } },
    { pattern: /^\/dossiers\/([^/]+)$/, methods: { GET: getDossier, HEAD: getDossier } },
    { pattern: /^\/me\/profile$/, methods: { GET: getProfile } },
    { pattern: /^\/me\/profile\/sync$/, methods: { POST: postSync } },
    { pattern: /^\/me\/dossiers$/, methods: { GET: getMyDossiers } },
    { pattern: /^\/openapi\.json$/, methods: { GET: getOpenApi, HEAD: getOpenApi } },
    { pattern: /^\/dev\/population-db$/, methods: { GET: populationDb, POST: populationDb }, dev: true },
    { pattern: /^\/dev\/faults$/, methods: { GET: devFaults, POST: devFaults, DELETE: devFaults }, dev: true },
  ];

  const allowMethods = 'GET, HEAD, POST, DELETE, OPTIONS';

  /**
   * @param {import('node:http').IncomingMessage} req
   * @param {import('node:http').ServerResponse} res
   */
  async function handle(req, res) {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname !== '/api' && !url.pathname.startsWith('/api/')) return false;
    const path = url.pathname.slice(4) || '/';
    const method = req.method ?? 'GET';
    try {
      // The development switches: this server's own pages only, bodies in JSON only (../dev/guard.js).
      if (!production && (path === '/dev' || path.startsWith('/dev/'))) {
        const refusal = devRefusal(req, devOrigins);
        if (refusal) throw new ApiError(refusal.status, refusal.error, refusal.message);
      }
      const origin = req.headers.origin;
      res.setHeader('vary', 'Origin');
      if (origin && originAllowed(origin)) {
        res.setHeader('access-control-allow-origin', origin);
        res.setHeader('access-control-expose-headers', 'ETag, Retry-After, WWW-Authenticate, DPoP-Nonce');
      }
      if (method === 'OPTIONS') {
        if (origin && req.headers['access-control-request-method']) {
          if (!originAllowed(origin)) {
            throw new ApiError(403, 'origin_not_allowed', `Nguồn ${origin} không được phép / Origin ${origin} is not allowed`);
          }
          res.setHeader('access-control-allow-methods', allowMethods);
          res.setHeader('access-control-allow-headers', 'Authorization, DPoP, Content-Type, If-None-Match, Accept, Accept-Language');
          res.setHeader('access-control-max-age', '600');
        }
        res.setHeader('allow', allowMethods);
        res.statusCode = 204;
        res.end();
        return true;
      }

      const route = routes.find((r) => r.pattern.test(path) && !(r.dev && production));
      if (!route) throw new ApiError(404, 'not_found', `Không có tài nguyên ${url.pathname} / No resource at ${url.pathname}`);
      const handler = route.methods[method];
      if (!handler) {
        throw new ApiError(405, 'method_not_allowed', `Phương thức ${method} không được hỗ trợ / Method ${method} not allowed`, {
          allow: Object.keys(route.methods).join(', '),
        });
      }
      if (!route.dev && !production && faults.size > 0) {
        const mode = takeFault(path);
        if (mode && (await playFault(mode, req, res))) return true;
      }
      const match = /** @type {RegExpExecArray} */ (route.pattern.exec(path));
      await handler({ req, res, params: url.searchParams, match });
    } catch (error) {
      if (res.headersSent || res.destroyed) {
        res.destroy();
      } else if (error instanceof ApiError) {
        sendError(req, res, error);
      } else {
        console.error('dossier API:', error);
        sendError(req, res, new ApiError(500, 'internal_error', 'Lỗi máy chủ / Internal server error'));
      }
    }
    return true;
  }

  return Object.assign(handle, { dataset });
}
