import type { StorageMode, User } from './types.js';
import { isFiniteNumber, isRecord, isString } from '../internal/http.js';
import { readJson, tabStorage } from './page-state.js';

/** What a signed-in session keeps. Never written to localStorage, cookies or the URL. */
export interface StoredSession {
  idToken: string;
  accessToken: string;
  /** Epoch milliseconds after which the access token is no longer used. */
  expiresAt: number;
  user: User;
  /** Kept where the access token is (memory or sessionStorage), used once, replaced by each renewal. */
  refreshToken?: string;
  /** `DPoP` when the tokens are bound to the session's DPoP key (RFC 9449). */
  tokenType?: 'Bearer' | 'DPoP';
  /**
   * A random name for this sign-in's chain of refresh tokens. Tabs that hold the same chain (a
   * duplicated tab copies sessionStorage) renew under one Web Lock of this name; it also names
   * the DPoP key.
   */
  lineage?: string;
  /** Epoch milliseconds of the sign-in (compared with the "signed out at" marker). */
  signedInAt?: number;
  /** The sign-in's nonce: a renewed ID token may repeat it, never change it (OpenID Connect Core §12.2). */
  nonce?: string;
}

export interface TokenStore {
  load(): StoredSession | undefined;
  save(session: StoredSession): void;
  clear(): void;
}

function isStoredSession(value: unknown): value is StoredSession {
  if (!isRecord(value) || !isString(value.idToken) || !isString(value.accessToken) || !isFiniteNumber(value.expiresAt)) return false;
  for (const name of ['refreshToken', 'lineage', 'nonce'] as const) if (value[name] !== undefined && !isString(value[name])) return false;
  if (value.tokenType !== undefined && value.tokenType !== 'Bearer' && value.tokenType !== 'DPoP') return false;
  if (value.signedInAt !== undefined && !isFiniteNumber(value.signedInAt)) return false;
  const { user } = value;
  return isRecord(user) && isString(user.sub) && typeof user.vneid === 'boolean' && isRecord(user.claims);
}

export const SIGNED_OUT_PREFIX = 'dvc:signed-out:';

/**
 * The origin's "signed out at" marker of one issuer and client id, in localStorage: a time, not a
 * token. A tab that slept through the sign-out message, or comes back from the back/forward
 * cache, compares it with its own sign-in time.
 */
export const signedOutMarker = {
  read(key: string): number | undefined {
    try {
      const value = Number(window.localStorage.getItem(SIGNED_OUT_PREFIX + key));
      return Number.isFinite(value) && value > 0 ? value : undefined;
    } catch {
      return undefined;
    }
  },
  write(key: string, at = Date.now()): void {
    try {
      window.localStorage.setItem(SIGNED_OUT_PREFIX + key, String(at));
    } catch {
      // Privacy modes: the BroadcastChannel message is all other tabs get.
    }
  },
};

/**
 * `session`: sessionStorage, so the tokens survive navigation within the tab and die with it.
 * `memory`: this page only.
 */
export function createTokenStore(mode: StorageMode, key: string): TokenStore {
  if (mode === 'memory') {
    let current: StoredSession | undefined;
    return {
      load: () => current,
      save: (session) => {
        current = session;
      },
      clear: () => {
        current = undefined;
      },
    };
  }
  return {
    load() {
      const storage = tabStorage();
      const value = readJson(storage, key);
      if (isStoredSession(value)) return value;
      // A damaged entry is removed.
      storage?.removeItem(key);
      return undefined;
    },
    save(session) {
      try {
        tabStorage()?.setItem(key, JSON.stringify(session));
      } catch {
        // Quota or privacy mode: the session lives in this page only.
      }
    },
    clear() {
      tabStorage()?.removeItem(key);
    },
  };
}
