// Demo citizens of the reference OpenID provider and the credential check.
//
// Every demo citizen signs in with their 12-digit CCCD number (Quảng Trị, province code 045)
// and the demo password below. Passwords are never kept in clear: at start-up each one is
// hashed with scrypt under its own random salt, the clear list is only the documentation
// (README) of what to type, and the check compares hashes with timingSafeEqual.

import { randomBytes, scrypt as scryptCallback, timingSafeEqual } from 'node:crypto';

/** The password of every demo citizen (documented in the README). */
export const DEMO_PASSWORD = 'Demo@2023';

/**
 * @typedef {object} Citizen
 * @property {string} sub stable subject identifier (UUID)
 * @property {string} idNumber 12-digit CCCD / số định danh cá nhân
 * @property {string} [legacyIdNumber] old 9-digit CMND
 * @property {string} fullName Họ và tên
 * @property {string} birthDate ISO yyyy-MM-dd
 * @property {'Nam' | 'Nữ'} gender Giới tính as the national database spells it
 * @property {string} phone Vietnamese mobile, national format (0xxxxxxxxx)
 * @property {string} birthPlace Nơi sinh
 * @property {string} loginIdp "BCA" = VNeID (Bộ Công an)
 * @property {1 | 2 | 3} accountType LoaiTaiKhoan: 1 citizen, 2 business, 3 organisation
 */

/**
 * CCCD layout: 045 (Quảng Trị) + century/sex digit (1900s: 0 male, 1 female; 2000s: 2 male,
 * 3 female) + last two digits of the birth year + 6 random digits.
 * @type {readonly Readonly<Citizen>[]}
 */
export const CITIZENS = Object.freeze([
  {
    sub: '6f1d3c2a-8b4e-4f7a-9c21-0e5b7d3a1c01',
    idNumber: '045090001234',
    legacyIdNumber: '197245678',
    fullName: 'Nguyễn Đức Tuấn Kiệt',
    birthDate: '1990-05-12',
    gender: 'Nam',
    phone: '0912345678',
    birthPlace: 'Xã Triệu Thành, huyện Triệu Phong, tỉnh Quảng Trị',
    loginIdp: 'BCA',
    accountType: 1,
  },
  {
    sub: '2c7e9a41-5d3b-4e8f-a612-7b0c4d9e2f02',
    idNumber: '045185006789',
    legacyIdNumber: '197123456',
    fullName: 'Trần Thị Mai Hương',
    birthDate: '1985-11-03',
    gender: 'Nữ',
    phone: '0983456712',
    birthPlace: 'Phường 1, thành phố Đông Hà, tỉnh Quảng Trị',
    loginIdp: 'BCA',
    accountType: 1,
  },
  {
    sub: '9a4b1e6d-2f8c-4a3e-b7d5-3c1f8e0a5b03',
    idNumber: '045201003456',
    fullName: 'Lê Văn Nhân',
    birthDate: '2001-02-20',
    gender: 'Nam',
    phone: '0779123456',
    birthPlace: 'Thị trấn Hồ Xá, huyện Vĩnh Linh, tỉnh Quảng Trị',
    loginIdp: 'BCA',
    accountType: 1,
  },
  {
    sub: 'd3e8f0b2-7a1c-4d6e-8f94-5a2b6c7d8e04',
    idNumber: '045303007890',
    fullName: 'Hoàng Thị Lan Anh',
    birthDate: '2003-08-15',
    gender: 'Nữ',
    phone: '0358765432',
    birthPlace: 'Xã Cam Hiếu, huyện Cam Lộ, tỉnh Quảng Trị',
    loginIdp: 'BCA',
    accountType: 1,
  },
].map((citizen) => Object.freeze(/** @type {Citizen} */ (citizen))));

/**
 * What to type on the sign-in page, for the README. The only place a clear password appears.
 * @type {readonly { idNumber: string, fullName: string, password: string }[]}
 */
export const DEMO_LOGINS = Object.freeze(
  CITIZENS.map(({ idNumber, fullName }) => Object.freeze({ idNumber, fullName, password: DEMO_PASSWORD })),
);

// ---------------------------------------------------------------------------------------------
// Password hashing

const SCRYPT = Object.freeze({ N: 16384, r: 8, p: 1, keylen: 32 });

/**
 * How many password checks run at once, and how many may wait. scrypt runs on libuv's thread pool
 * (4 threads by default), which file reads share: two at a time leave threads for static files,
 * and a full queue is refused at once (503 with Retry-After) rather than stalling everyone.
 */
export const HASHING = Object.freeze({ concurrency: 2, queue: 32, retryAfter: 2 });

/** The password check was not started: too many are running and waiting. */
export class BusyError extends Error {
  /** @param {number} retryAfter seconds */
  constructor(retryAfter) {
    super('password checks are busy');
    this.name = 'BusyError';
    this.retryAfter = retryAfter;
  }
}

/**
 * A bounded queue: at most `concurrency` tasks run, at most `queue` wait, the rest are refused.
 * @param {{ concurrency: number, queue: number, retryAfter: number }} options
 */
export function createWorkQueue({ concurrency, queue, retryAfter }) {
  let active = 0;
  /** @type {(() => void)[]} */
  const waiting = [];
  return {
    get active() {
      return active;
    },
    get waiting() {
      return waiting.length;
    },
    /**
     * @template T
     * @param {() => Promise<T>} task
     * @returns {Promise<T>}
     */
    async run(task) {
      if (active >= concurrency) {
        if (waiting.length >= queue) throw new BusyError(retryAfter);
        await new Promise((resolve) => { waiting.push(() => resolve(undefined)); });
      } else {
        active += 1;
      }
      try {
        return await task();
      } finally {
        const next = waiting.shift();
        if (next) next(); // the slot passes to the next task
        else active -= 1;
      }
    },
  };
}

const hashing = createWorkQueue(HASHING);

/**
 * @param {string} password
 * @param {Buffer} salt
 * @returns {Promise<Buffer>}
 */
function scrypt(password, salt) {
  return new Promise((resolve, reject) => {
    scryptCallback(password.normalize('NFC'), salt, SCRYPT.keylen, { N: SCRYPT.N, r: SCRYPT.r, p: SCRYPT.p }, (err, key) => {
      if (err) reject(err);
      else resolve(key);
    });
  });
}

/**
 * @typedef {{ algorithm: 'scrypt', N: number, r: number, p: number, salt: Buffer, hash: Buffer }} PasswordRecord
 */

/**
 * @param {string} password
 * @returns {Promise<PasswordRecord>}
 */
export async function hashPassword(password) {
  const salt = randomBytes(16);
  const hash = await scrypt(password, salt);
  return { algorithm: 'scrypt', N: SCRYPT.N, r: SCRYPT.r, p: SCRYPT.p, salt, hash };
}

/**
 * @param {string} password
 * @param {PasswordRecord} record
 */
async function passwordMatches(password, record) {
  const candidate = await scrypt(password, record.salt);
  return candidate.length === record.hash.length && timingSafeEqual(candidate, record.hash);
}

/** The demo password list, hashed once per process (lazily, so importing stays instant). */
/** @type {Promise<Map<string, PasswordRecord>> | undefined} */
let recordsPromise;

function passwordRecords() {
  recordsPromise ??= Promise.all(
    CITIZENS.map(async (c) => /** @type {const} */ ([c.idNumber, await hashPassword(DEMO_PASSWORD)])),
  ).then((entries) => new Map(entries));
  return recordsPromise;
}

/** Starts hashing the demo passwords now (the server calls it at start-up). */
export async function prepareAccounts() {
  await passwordRecords();
}

/**
 * The stored credential of an ID number (salt and scrypt hash only), for inspection in tests.
 * @param {string} idNumber
 * @returns {Promise<Readonly<PasswordRecord> | undefined>}
 */
export async function storedCredential(idNumber) {
  const record = (await passwordRecords()).get(idNumber);
  return record && Object.freeze({ ...record, salt: Buffer.from(record.salt), hash: Buffer.from(record.hash) });
}

/** Salt for the dummy comparison that keeps unknown ID numbers as slow as wrong passwords. */
const DUMMY = hashPassword('not-a-password');

/**
 * Checks an ID number and password. Unknown account and wrong password take the same time
 * and give the same answer (undefined), so the sign-in page cannot tell them apart.
 * Rejects with BusyError, without hashing, when the bounded queue of checks is full.
 * @param {string} idNumber
 * @param {string} password
 * @returns {Promise<Readonly<Citizen> | undefined>}
 */
export async function verifyCredentials(idNumber, password) {
  const id = String(idNumber ?? '').replace(/\s+/g, '');
  const pw = String(password ?? '');
  const records = await passwordRecords();
  const dummy = await DUMMY;
  const record = records.get(id);
  const ok = await hashing.run(() => passwordMatches(pw, record ?? dummy));
  if (!record || !ok) return undefined;
  return CITIZENS.find((c) => c.idNumber === id);
}

/** Password checks running and waiting now (the load script and tests read it). */
export function hashingLoad() {
  return { active: hashing.active, waiting: hashing.waiting };
}

/**
 * A demo citizen by subject identifier (for the dossier API's profile endpoint as well).
 * @param {string} sub
 * @returns {Readonly<Citizen> | undefined}
 */
export function findAccount(sub) {
  return CITIZENS.find((c) => c.sub === sub);
}

// ---------------------------------------------------------------------------------------------
// Claims

/**
 * Claims released per scope: standard OIDC names and the national portal's names.
 * `profile` carries both, in the ID token (conformIdTokenClaims: false) and at userinfo.
 */
export const SCOPE_CLAIMS = Object.freeze({
  openid: ['sub'],
  profile: [
    'name', 'birthdate', 'gender', 'phone_number', 'phone_number_verified',
    'HoVaTen', 'SoDinhDanh', 'SoCMND', 'NgayThangNamSinh', 'GioiTinh', 'SoDienThoai',
    'loginIdp', 'LoaiTaiKhoan',
  ],
});

/**
 * Every claim of a citizen, unfiltered.
 * @param {Readonly<Citizen>} c
 * @returns {Record<string, string | number | boolean> & { sub: string }}
 */
export function allClaims(c) {
  /** @type {Record<string, string | number | boolean> & { sub: string }} */
  const claims = {
    sub: c.sub,
    name: c.fullName,
    birthdate: c.birthDate,
    gender: c.gender === 'Nữ' ? 'female' : 'male',
    phone_number: `+84${c.phone.slice(1)}`,
    phone_number_verified: true,
    HoVaTen: c.fullName,
    SoDinhDanh: c.idNumber,
    NgayThangNamSinh: c.birthDate.replaceAll('-', ''),
    GioiTinh: c.gender,
    SoDienThoai: c.phone,
    loginIdp: c.loginIdp,
    LoaiTaiKhoan: c.accountType,
  };
  if (c.legacyIdNumber) claims.SoCMND = c.legacyIdNumber;
  return claims;
}

/**
 * The claims a token with these scopes may see.
 * @param {Readonly<Citizen>} citizen
 * @param {string | Iterable<string>} scope space-separated string or list of scopes
 */
export function claimsFor(citizen, scope) {
  const scopes = new Set(typeof scope === 'string' ? scope.split(' ') : scope);
  const all = allClaims(citizen);
  /** @type {Record<string, string | number | boolean>} */
  const out = { sub: citizen.sub };
  for (const [name, names] of Object.entries(SCOPE_CLAIMS)) {
    if (!scopes.has(name)) continue;
    for (const claim of names) if (claim in all) out[claim] = all[claim];
  }
  return out;
}
