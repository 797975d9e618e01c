import type { StorageMode, User } from './types.js';
import { isFiniteNumber, isRecord, isString } from '../internal/http.js';

/** The tab's sessionStorage, or undefined when the browser refuses it (privacy modes, sandboxed frames). */
export function tabStorage(): Storage | undefined {
  try {
    const storage = window.sessionStorage;
    return storage ?? undefined;
  } catch {
    return undefined;
  }
}

/** The JSON value stored under `key`, or undefined when it is missing or damaged. */
export function readJson(storage: Storage | undefined, key: string): unknown {
  try {
    return JSON.parse(storage?.getItem(key) ?? 'null') ?? undefined;
  } catch {
    return undefined;
  }
}

/** What a signed-in session keeps. Never written to localStorage, cookies or the URL. */
export interface StoredSession {
  idToken: string;
  accessToken: string;
  /** Epoch milliseconds after which the access token is no longer used. */
  expiresAt: number;
  user: User;
}

export interface TokenStore {
  load(): StoredSession | undefined;
  save(session: StoredSession): void;
  clear(): void;
}

export const SESSION_PREFIX = 'dvc:session:';

/** The sessionStorage key of one issuer and client id. */
export const sessionKey = (issuer: string, clientId: string) => `${SESSION_PREFIX}${issuer} ${clientId}`;

function isStoredSession(value: unknown): value is StoredSession {
  if (!isRecord(value) || !isString(value.idToken) || !isString(value.accessToken) || !isFiniteNumber(value.expiresAt)) return false;
  const { user } = value;
  return isRecord(user) && isString(user.sub) && typeof user.vneid === 'boolean' && isRecord(user.claims);
}

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
