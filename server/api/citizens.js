// Demo citizens: the portal's copy of each one's identity, and the simulated National Population
// Database (CSDL Quốc gia về Dân cư) record it is synced from.

import { hashString, mulberry32 } from './data.js';

/** The profile fields, in the order the "Thông tin định danh" panel shows them. */
export const PROFILE_FIELDS = /** @type {const} */ ([
  'fullName',
  'legacyIdNumber',
  'idNumber',
  'birthDate',
  'phone',
  'gender',
  'birthPlace',
]);

/**
 * @typedef {object} Identity
 * @property {string} fullName
 * @property {string | null} legacyIdNumber 9-digit CMND, null when the citizen never had one
 * @property {string} idNumber 12-digit CCCD / số định danh
 * @property {string} birthDate yyyy-MM-dd
 * @property {string | null} phone
 * @property {'male' | 'female' | 'other'} gender
 * @property {string | null} birthPlace
 */

/**
 * @typedef {object} DemoCitizen
 * @property {string} sub the subject of the citizen's access tokens
 * @property {Identity} portal what the portal holds before any sync
 * @property {Identity} population what the National Population Database holds
 * @property {string | null} syncedAt last sync before the server started (ISO), null if never
 * @property {number} dossierCount how many dossiers the citizen has submitted
 */

/**
 * The API's own demo citizens of Quảng Trị (CCCD province code 045), for when no `findAccount` is
 * given or it does not know the `sub` (their `sub` is their CCCD number). The OpenID provider's own
 * citizens come through `findAccount` (see citizenFromClaims).
 * - NGUYỄN THỊ HOA: 25 dossiers; the population database differs in phone and birthPlace.
 * - LÊ VĂN BÌNH: 8 dossiers; the population database adds the old CMND and a fuller birthPlace.
 * - TRẦN MINH CHÂU: no dossiers, already synced (nothing changes).
 * @type {readonly DemoCitizen[]}
 */
export const DEMO_CITIZENS = Object.freeze([
  {
    sub: '045190001234',
    portal: {
      fullName: 'NGUYỄN THỊ HOA',
      legacyIdNumber: '197234561',
      idNumber: '045190001234',
      birthDate: '1990-05-12',
      phone: '0912345678',
      gender: 'female',
      birthPlace: 'Triệu Phong, Quảng Trị',
    },
    population: {
      fullName: 'NGUYỄN THỊ HOA',
      legacyIdNumber: '197234561',
      idNumber: '045190001234',
      birthDate: '1990-05-12',
      phone: '0905123456',
      gender: 'female',
      birthPlace: 'Xã Triệu Thành, Huyện Triệu Phong, Tỉnh Quảng Trị',
    },
    syncedAt: null,
    dossierCount: 25,
  },
  {
    sub: '045085005678',
    portal: {
      fullName: 'LÊ VĂN BÌNH',
      legacyIdNumber: null,
      idNumber: '045085005678',
      birthDate: '1985-11-03',
      phone: '0987654321',
      gender: 'male',
      birthPlace: 'Đông Hà',
    },
    population: {
      fullName: 'LÊ VĂN BÌNH',
      legacyIdNumber: '197345678',
      idNumber: '045085005678',
      birthDate: '1985-11-03',
      phone: '0987654321',
      gender: 'male',
      birthPlace: 'Phường 1, Thành phố Đông Hà, Tỉnh Quảng Trị',
    },
    syncedAt: null,
    dossierCount: 8,
  },
  {
    sub: '045301004321',
    portal: {
      fullName: 'TRẦN MINH CHÂU',
      legacyIdNumber: null,
      idNumber: '045301004321',
      birthDate: '2001-02-20',
      phone: '0353456789',
      gender: 'female',
      birthPlace: 'Phường 2, Thị xã Quảng Trị, Tỉnh Quảng Trị',
    },
    population: {
      fullName: 'TRẦN MINH CHÂU',
      legacyIdNumber: null,
      idNumber: '045301004321',
      birthDate: '2001-02-20',
      phone: '0353456789',
      gender: 'female',
      birthPlace: 'Phường 2, Thị xã Quảng Trị, Tỉnh Quảng Trị',
    },
    syncedAt: '2023-03-02T10:20:00+07:00',
    dossierCount: 0,
  },
]);

/**
 * A demo citizen's claims as the national portal names them (for an OpenID provider's findAccount).
 * @param {DemoCitizen} citizen
 */
export function portalClaims(citizen) {
  const p = citizen.portal;
  return {
    sub: citizen.sub,
    HoVaTen: p.fullName,
    SoDinhDanh: p.idNumber,
    ...(p.legacyIdNumber ? { SoCMND: p.legacyIdNumber } : {}),
    NgayThangNamSinh: p.birthDate.replace(/-/g, ''),
    GioiTinh: p.gender === 'male' ? 'Nam' : p.gender === 'female' ? 'Nữ' : 'Khác',
    ...(p.phone ? { SoDienThoai: p.phone } : {}),
    loginIdp: 'BCA',
    LoaiTaiKhoan: 1,
  };
}

/** @param {unknown} v */
const text = (v) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : null);

/** @param {unknown} v @returns {'male' | 'female' | 'other'} */
function genderOf(v) {
  const g = String(v ?? '').trim().toLowerCase();
  if (g === 'male' || g === 'nam' || g === '1' || g === 'm') return 'male';
  if (g === 'female' || g === 'nữ' || g === 'nu' || g === '2' || g === 'f' || g === '0') return 'female';
  return 'other';
}

/** yyyyMMdd or yyyy-MM-dd → yyyy-MM-dd; anything else → null. @param {unknown} v */
function dateOf(v) {
  const s = text(v);
  if (!s) return null;
  const m = /^(\d{4})-?(\d{2})-?(\d{2})$/.exec(s);
  return m ? `${m[1]}-${m[2]}-${m[3]}` : null;
}

/** +84912345678 / 84912345678 → 0912345678; other text as given. @param {unknown} v */
function phoneOf(v) {
  const s = text(v)?.replace(/[\s.-]/g, '');
  if (!s) return null;
  return s.replace(/^\+?84(?=[35789]\d{8}$)/, '0');
}

/** Birth places for accounts whose claims carry none. */
const PLACES = [
  'Xã Triệu Thành, Huyện Triệu Phong, Tỉnh Quảng Trị',
  'Phường 1, Thành phố Đông Hà, Tỉnh Quảng Trị',
  'Thị trấn Hồ Xá, Huyện Vĩnh Linh, Tỉnh Quảng Trị',
  'Xã Cam Hiếu, Huyện Cam Lộ, Tỉnh Quảng Trị',
  'Phường 2, Thị xã Quảng Trị, Tỉnh Quảng Trị',
];

/** The short, older form of an address the portal kept: "Xã A, huyện B, tỉnh C" → "B, C". @param {string} place */
function shortPlace(place) {
  const parts = place.split(',').map((p) =>
    p.trim().replace(/^(?:xã|phường|thị trấn|huyện|quận|thị xã|thành phố|tỉnh)\s+/iu, ''),
  );
  const short = parts.slice(-2).join(', ');
  return short === place ? `${place} (cũ)` : short;
}

/**
 * A citizen record for an account of the OpenID provider, from what its `findAccount` gives: the
 * claims (standard or national portal names) or the account's own fields (fullName, idNumber...).
 * Those come from VNeID, so they are the National Population Database's record. The portal's copy
 * is an older one that differs in exactly two fields, phone and birthPlace (an old number, the short
 * form of the place), so the first sync changes exactly those two. Each such citizen owns 21–35
 * dossiers (more than one page of 20).
 * @param {string} sub
 * @param {Record<string, unknown>} claims
 * @returns {DemoCitizen | undefined}
 */
export function citizenFromClaims(sub, claims) {
  const fullName = text(claims.fullName) ?? text(claims.HoVaTen) ?? text(claims.name);
  const idNumber = text(claims.idNumber) ?? text(claims.SoDinhDanh);
  if (!fullName || !idNumber) return undefined;
  const rng = mulberry32(hashString('population:' + sub));
  const address = /** @type {{formatted?: unknown} | undefined} */ (claims.address);
  /** @type {Identity} */
  const population = {
    fullName,
    legacyIdNumber: text(claims.legacyIdNumber) ?? text(claims.SoCMND),
    idNumber,
    birthDate: dateOf(claims.birthDate) ?? dateOf(claims.NgayThangNamSinh) ?? dateOf(claims.birthdate) ?? '1990-01-01',
    phone: phoneOf(claims.phone) ?? phoneOf(claims.SoDienThoai) ?? phoneOf(claims.phone_number),
    gender: genderOf(claims.gender ?? claims.GioiTinh),
    birthPlace:
      text(claims.birthPlace) ?? text(claims.NoiSinh) ?? text(address?.formatted) ?? PLACES[Math.floor(rng() * PLACES.length)],
  };
  const oldPhone = '09' + String(Math.floor(rng() * 1e8)).padStart(8, '0');
  const portal = {
    ...population,
    phone: oldPhone === population.phone ? '0911000000' : oldPhone,
    birthPlace: shortPlace(/** @type {string} */ (population.birthPlace)),
  };
  return { sub, portal, population, syncedAt: null, dossierCount: 21 + Math.floor(rng() * 15) };
}

/**
 * The citizen behind a verified `sub`: the demo table above, else a record built from
 * `findAccount(sub)` (claims, or an oidc-provider Account whose claims() gives them), else undefined.
 * @param {string} sub
 * @param {((sub: string) => unknown) | undefined} findAccount
 * @returns {Promise<DemoCitizen | undefined>}
 */
export async function resolveCitizen(sub, findAccount) {
  const known = DEMO_CITIZENS.find((c) => c.sub === sub);
  if (known) return known;
  let claims = findAccount ? await findAccount(sub) : undefined;
  const account = /** @type {{claims?: unknown}} */ (claims);
  if (account && typeof account.claims === 'function') claims = await account.claims('userinfo', 'openid profile', {}, []);
  if (!claims || typeof claims !== 'object') return undefined;
  return citizenFromClaims(sub, /** @type {Record<string, unknown>} */ (claims));
}
