// The write side of the sign-in attempts. Only the sign-in start (actions.ts, loaded on demand)
// keeps an attempt; a page reads them (transaction.ts) to tell whose authorization response it
// carries, so that half stays with the session.
import { tabStorage } from './page-state.js';
import { isFresh, readTransaction, TX_PREFIX, type Transaction } from './transaction.js';

/** Drops attempts that have expired or are damaged. */
export function purgeTransactions(now = Date.now()): void {
  const storage = tabStorage();
  if (!storage) return;
  for (const key of Object.keys(storage)) {
    if (!key.startsWith(TX_PREFIX)) continue;
    const tx = readTransaction(storage, key);
    if (!tx || !isFresh(tx, now)) storage.removeItem(key);
  }
}

/** Keeps the attempt; throws when sessionStorage is unavailable (the round trip could not be checked). */
export function saveTransaction(tx: Transaction): void {
  purgeTransactions();
  const storage = tabStorage();
  if (!storage) throw new Error('sessionStorage is unavailable');
  storage.setItem(TX_PREFIX + tx.state, JSON.stringify(tx));
}
