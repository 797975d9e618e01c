// The read side of the sign-in attempts, which every page with a session needs (whose authorization
// response is this?); keeping one is in transaction-write.ts, loaded with the sign-in start.
import { isFiniteNumber, isRecord, isString } from '../internal/http.js';
import { readJson, tabStorage } from './page-state.js';

/** One authorization attempt, kept in sessionStorage for the round trip to the provider. */
export interface Transaction {
  state: string;
  nonce: string;
  verifier: string;
  redirectUri: string;
  issuer: string;
  clientId: string;
  /** Epoch milliseconds. */
  createdAt: number;
}

export const TX_PREFIX = 'dvc:tx:';
/** An attempt older than this is void. */
export const TX_TTL_MS = 10 * 60 * 1000;

function isTransaction(value: unknown): value is Transaction {
  return (
    isRecord(value) &&
    isString(value.state) &&
    isString(value.nonce) &&
    isString(value.verifier) &&
    isString(value.redirectUri) &&
    isString(value.issuer) &&
    isString(value.clientId) &&
    isFiniteNumber(value.createdAt)
  );
}

/** Whether the attempt is recent enough to use (and not from the future). */
export const isFresh = (tx: Transaction, now: number) => now - tx.createdAt < TX_TTL_MS && tx.createdAt <= now + 60_000;

/** The attempt stored under `key`, or undefined when there is none or it is damaged. */
export function readTransaction(storage: Storage, key: string): Transaction | undefined {
  const value = readJson(storage, key);
  return isTransaction(value) ? value : undefined;
}

/** The stored attempt for `state`, left in place (to tell whose response it is). */
export function peekTransaction(state: string): Transaction | undefined {
  const storage = tabStorage();
  return storage ? readTransaction(storage, TX_PREFIX + state) : undefined;
}

/**
 * Returns the attempt for `state` if it belongs to this issuer and client id, and deletes it: one
 * use only. Undefined when unknown, expired, or another client's (which is left to its owner).
 */
export function takeTransaction(state: string, issuer: string, clientId: string): Transaction | undefined {
  const storage = tabStorage();
  if (!storage) return undefined;
  const key = TX_PREFIX + state;
  const tx = readTransaction(storage, key);
  if (tx && (tx.issuer !== issuer || tx.clientId !== clientId)) return undefined;
  storage.removeItem(key);
  if (!tx || tx.state !== state || !isFresh(tx, Date.now())) return undefined;
  return tx;
}

/** Whether this tab has an attempt under way for the issuer and client id. */
export function hasPendingTransaction(issuer: string, clientId: string): boolean {
  const storage = tabStorage();
  if (!storage) return false;
  const now = Date.now();
  return Object.keys(storage).some((key) => {
    if (!key.startsWith(TX_PREFIX)) return false;
    const tx = readTransaction(storage, key);
    return !!tx && tx.issuer === issuer && tx.clientId === clientId && isFresh(tx, now);
  });
}
