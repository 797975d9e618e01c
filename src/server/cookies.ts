// The browser's only copy of a backend session: an encrypted, authenticated cookie (JWE, dir +
// A256GCM, with jose), and the cookie header rules of PRODUCT.md ("Backend mode").
import { createHash, hkdfSync } from 'node:crypto';
import { EncryptJWT, errors, jwtDecrypt, type JWTPayload } from 'jose';

/** Which cookie a key seals: a sealed transaction can never be read as a session, or the reverse. */
export type Purpose = 'session' | 'transaction';

interface Key {
  kid: string;
  key: Uint8Array;
}

/** The keys of one purpose, derived from `secrets` (the first seals, every one opens). */
export class Sealer {
  readonly #keys: Key[];

  constructor(secrets: readonly (string | Uint8Array)[], purpose: Purpose) {
    if (!Array.isArray(secrets) || secrets.length === 0) throw new TypeError('dvc-widgets/server: `secrets` needs at least one key');
    this.#keys = secrets.map((secret, index) => {
      const bytes = typeof secret === 'string' ? new TextEncoder().encode(secret) : secret;
      if (!(bytes instanceof Uint8Array) || bytes.byteLength < 32) {
        throw new TypeError(`dvc-widgets/server: secrets[${index}] must be at least 32 bytes`);
      }
      // HKDF gives A256GCM its 32-byte key from a secret of any length, one key per purpose.
      const key = new Uint8Array(hkdfSync('sha256', bytes, new Uint8Array(0), `dvc-widgets ${purpose} cookie`, 32));
      const kid = createHash('sha256').update(key).digest('base64url').slice(0, 12);
      return { kid, key };
    });
  }

  /** A JWE that opens until `expiresAt` (ms). */
  async seal(payload: JWTPayload, expiresAt: number, now: number): Promise<string> {
    const { kid, key } = this.#keys[0]!;
    return new EncryptJWT(payload)
      .setProtectedHeader({ alg: 'dir', enc: 'A256GCM', kid })
      .setIssuedAt(Math.floor(now / 1000))
      .setExpirationTime(Math.floor(expiresAt / 1000))
      .encrypt(key);
  }

  /**
   * The payload, or why not: `expired` (authentic but past its time) or `invalid` (tampered,
   * truncated, sealed with a key no longer in `secrets`, or not a JWE at all). Never throws.
   */
  async open(token: string | undefined, now: number): Promise<{ payload: JWTPayload } | { error: 'missing' | 'expired' | 'invalid' }> {
    if (!token) return { error: 'missing' };
    try {
      const { payload } = await jwtDecrypt(token, (header) => {
        const found = this.#keys.find((k) => k.kid === header.kid);
        if (!found) throw new errors.JWEDecryptionFailed();
        return found.key;
      }, {
        keyManagementAlgorithms: ['dir'],
        contentEncryptionAlgorithms: ['A256GCM'],
        currentDate: new Date(now),
        clockTolerance: 0,
      });
      return { payload };
    } catch (error) {
      return { error: error instanceof errors.JWTExpired ? 'expired' : 'invalid' };
    }
  }
}

/** Cookie name → value from a Cookie header (first one wins, as browsers send the most specific first). */
export function parseCookies(header: string | null): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim();
    if (!cookies.has(name)) cookies.set(name, part.slice(eq + 1).trim());
  }
  return cookies;
}

export interface CookieRules {
  /** `__Host-` names, `Secure`: every site but http://localhost. */
  secure: boolean;
}

/** `__Host-dvc-session` over https, `dvc-session` on http://localhost only (a `__Host-` cookie needs Secure). */
export function cookieName(base: 'dvc-session' | 'dvc-tx', rules: CookieRules): string {
  return rules.secure ? `__Host-${base}` : base;
}

/** One Set-Cookie value: HttpOnly; Secure (not on http://localhost); SameSite=Lax; Path=/. */
export function serialise(name: string, value: string, maxAgeSeconds: number, rules: CookieRules): string {
  const parts = [`${name}=${value}`, 'Path=/', 'HttpOnly', 'SameSite=Lax', `Max-Age=${Math.max(0, Math.floor(maxAgeSeconds))}`];
  if (maxAgeSeconds <= 0) parts.push('Expires=Thu, 01 Jan 1970 00:00:00 GMT');
  if (rules.secure) parts.push('Secure');
  return parts.join('; ');
}

/**
 * Browsers drop a cookie whose name and value pass 4096 bytes without a word, so a value longer
 * than this is split into numbered cookies `<name>.0`, `<name>.1`... (as Auth.js does).
 */
export const CHUNK_SIZE = 3800;

const chunkName = (name: string, index: number): string => `${name}.${index}`;

/** The value of a possibly chunked cookie: `<name>` itself, else `<name>.0`, `<name>.1`... joined. */
export function readChunked(cookies: Map<string, string>, name: string): string | undefined {
  const whole = cookies.get(name);
  if (whole) return whole;
  let value = '';
  for (let i = 0; cookies.has(chunkName(name, i)); i += 1) value += cookies.get(chunkName(name, i));
  return value || undefined;
}

/**
 * Set-Cookie values that store `value` (undefined: clear) under `name`, in chunks when it is long,
 * and clear every chunk the request carried that the new value does not use.
 */
export function writeChunked(
  cookies: Map<string, string>, name: string, value: string | undefined, maxAgeSeconds: number, rules: CookieRules,
): string[] {
  const out: string[] = [];
  const kept = new Set<string>();
  if (value !== undefined) {
    if (value.length <= CHUNK_SIZE) {
      out.push(serialise(name, value, maxAgeSeconds, rules));
      kept.add(name);
    } else {
      for (let i = 0; i * CHUNK_SIZE < value.length; i += 1) {
        out.push(serialise(chunkName(name, i), value.slice(i * CHUNK_SIZE, (i + 1) * CHUNK_SIZE), maxAgeSeconds, rules));
        kept.add(chunkName(name, i));
      }
    }
  }
  for (const existing of cookies.keys()) {
    if ((existing === name || existing.startsWith(`${name}.`)) && !kept.has(existing)) out.push(serialise(existing, '', 0, rules));
  }
  if (value === undefined && !cookies.has(name)) out.push(serialise(name, '', 0, rules));
  return out;
}
