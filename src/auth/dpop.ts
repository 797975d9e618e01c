// DPoP (RFC 9449) for browser mode: the tokens of one sign-in are bound to a non-extractable
// ES256 key made with WebCrypto, and every token, userinfo and API request carries a proof signed
// with it. Loaded by dynamic import only by a page whose <dvc-portal> has `dpop`.
//
// The proof is signed here with WebCrypto rather than jose's SignJWT: with jose, the bundlers put
// jose's shared internals in a chunk of their own that every sign-in then loads (about 1.3 KB
// brotli more for pages without DPoP). What is written by hand is only RFC 7515 §7.1's compact
// serialisation of one ES256 JWS: WebCrypto's ECDSA P-256 signature is already the 64-byte r||s
// that RFC 7518 §3.4 asks for.
//
// Where the key lives: storage="session" keeps it in IndexedDB (a CryptoKey is stored as such and
// stays non-extractable), so the next page of the tab signs with it; storage="memory" keeps it in
// this page only. It is deleted at sign-out; keys a closed tab left behind are deleted once they
// are older than the longest session.
import { DvcError } from '../internal/errors.js';
import { isRecord, requestJson, type RequestOptions } from '../internal/http.js';
import type { FormPost } from './tokens.js';
import type { StorageMode } from './types.js';

/** A key older than this (the provider's absolute session limit) has no tokens left. */
export const KEY_MAX_AGE_MS = 8 * 60 * 60 * 1000;
const DB_NAME = 'dvc-dpop';
const STORE = 'keys';

export interface DpopKey {
  /** A proof for one request (`ath` when it carries an access token), with the server's latest nonce. */
  proof(htm: string, url: string, accessToken?: string): Promise<string>;
  /** requestJson with a proof (and `Authorization: DPoP` when `accessToken` is given); answers one `use_dpop_nonce`. */
  request(url: string, options?: RequestOptions, accessToken?: string): Promise<unknown>;
  /** A token endpoint form post with a proof. */
  post: FormPost;
  /** Deletes the key (sign-out). */
  remove(): Promise<void>;
}

interface Stored {
  keys: CryptoKeyPair;
  createdAt: number;
}

/** The latest DPoP-Nonce each server gave (RFC 9449 §8 and §9), by origin. */
const nonces = new Map<string, string>();
const memoryKeys = new Map<string, Stored>();

function idb<T>(run: (store: IDBObjectStore) => IDBRequest<T> | void): Promise<T | undefined> {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open(DB_NAME, 1);
    open.onupgradeneeded = () => open.result.createObjectStore(STORE);
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const db = open.result;
      const tx = db.transaction(STORE, 'readwrite');
      const request = run(tx.objectStore(STORE));
      tx.oncomplete = () => {
        db.close();
        resolve(request ? request.result : undefined);
      };
      tx.onerror = tx.onabort = () => {
        db.close();
        reject(tx.error);
      };
    };
  });
}

async function loadKey(mode: StorageMode, name: string): Promise<Stored> {
  if (mode === 'memory') {
    let stored = memoryKeys.get(name);
    if (!stored) memoryKeys.set(name, (stored = await generate()));
    return stored;
  }
  const found = await idb<Stored>((store) => store.get(name));
  if (found && isRecord(found) && found.keys?.privateKey) return found;
  const created = await generate();
  await idb((store) => {
    store.put(created, name);
    // Keys of tabs closed without signing out: nothing can use them any more.
    const cursor = store.openCursor();
    cursor.onsuccess = () => {
      const at = cursor.result;
      if (!at) return;
      const value = at.value as Partial<Stored>;
      if (!(typeof value.createdAt === 'number' && Date.now() - value.createdAt < KEY_MAX_AGE_MS)) at.delete();
      at.continue();
    };
  });
  return created;
}

async function generate(): Promise<Stored> {
  // Non-extractable: script on the page can sign with it, never read it out.
  const keys = (await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign', 'verify'])) as CryptoKeyPair;
  return { keys, createdAt: Date.now() };
}

const encoder = new TextEncoder();

/** base64url without padding (RFC 7515 §2). */
function b64url(bytes: Uint8Array | string): string {
  const raw = typeof bytes === 'string' ? encoder.encode(bytes) : bytes;
  let binary = '';
  for (const byte of raw) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

const sha256 = async (text: string) => b64url(new Uint8Array(await crypto.subtle.digest('SHA-256', encoder.encode(text))));

/** One ES256 JWS in compact serialisation (RFC 7515 §7.1). */
async function signEs256(header: Record<string, unknown>, payload: Record<string, unknown>, key: CryptoKey): Promise<string> {
  const input = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(payload))}`;
  const signature = await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, key, encoder.encode(input));
  return `${input}.${b64url(new Uint8Array(signature))}`;
}

/** RFC 9449 §4.2: htu is the target URI without query and fragment. */
function htuOf(url: string): string {
  const target = new URL(url, location.href);
  target.search = '';
  target.hash = '';
  return target.href;
}

/** The token endpoint's challenge (400 `use_dpop_nonce`, §8) or a resource server's (401 with the WWW-Authenticate error, §9). */
function isNonceChallenge(error: unknown, challenged: boolean): boolean {
  if (!(error instanceof DvcError) || error.code !== 'http') return false;
  return challenged || (isRecord(error.body) && error.body.error === 'use_dpop_nonce');
}

/** The DPoP key of one sign-in (`name`: the sign-in's lineage), made on first use. */
export async function openDpopKey(mode: StorageMode, name: string): Promise<DpopKey> {
  const { keys } = await loadKey(mode, name);
  const jwk = await crypto.subtle.exportKey('jwk', keys.publicKey);
  // The public key only, as RFC 9449 §4.2 puts it in the proof's header.
  const publicJwk = { kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y };

  const proof = async (htm: string, url: string, accessToken?: string, nonce = nonces.get(new URL(url, location.href).origin)) => {
    const payload: Record<string, unknown> = { htm, htu: htuOf(url), jti: crypto.randomUUID(), iat: Math.floor(Date.now() / 1000) };
    if (nonce) payload.nonce = nonce;
    if (accessToken) payload.ath = await sha256(accessToken);
    return signEs256({ typ: 'dpop+jwt', alg: 'ES256', jwk: publicJwk }, payload, keys.privateKey);
  };

  const request = async (url: string, options: RequestOptions = {}, accessToken?: string): Promise<unknown> => {
    const origin = new URL(url, location.href).origin;
    const htm = options.method ?? (options.form || options.json !== undefined ? 'POST' : 'GET');
    for (let attempt = 0; ; attempt++) {
      const used = nonces.get(origin);
      let challenged = false;
      const headers: Record<string, string> = { ...options.headers, dpop: await proof(htm, url, accessToken, used) };
      if (accessToken) headers.authorization = `DPoP ${accessToken}`;
      try {
        return await requestJson(url, {
          ...options,
          headers,
          onHeaders: (h) => {
            const next = h.get('dpop-nonce');
            if (next) nonces.set(origin, next);
            challenged = /\bDPoP\b[^,]*error="use_dpop_nonce"|error="use_dpop_nonce"/.test(h.get('www-authenticate') ?? '');
            options.onHeaders?.(h);
          },
        });
      } catch (error) {
        // Answered once: a second challenge (or one without a new nonce) is a failure.
        if (attempt === 0 && isNonceChallenge(error, challenged) && nonces.get(origin) !== used) continue;
        throw error;
      }
    }
  };

  return {
    proof: (htm, url, accessToken) => proof(htm, url, accessToken),
    request,
    post: (url, form, timeout) => request(url, { method: 'POST', form, ...(timeout === undefined ? {} : { timeout }) }),
    remove: () => removeDpopKey(mode, name),
  };
}

/** Deletes a sign-in's key without opening it (sign-out in a page that never used it). */
export async function removeDpopKey(mode: StorageMode, name: string): Promise<void> {
  memoryKeys.delete(name);
  if (mode === 'session') await idb((store) => store.delete(name)).catch(() => undefined);
}
