// The one-time code step of the sign-in, and what it needs: a clock that tests can move, sliding-
// window rate limits, the challenge store and the development SMS outbox.
//
// Rules (PRODUCT.md, "Reference server"):
// - 6 digits from crypto.randomInt (a CSPRNG), valid 5 minutes;
// - stored only as HMAC-SHA256 under a key that lives in this process alone, over the interaction
//   uid, the account and the code: a code is good for its own interaction and account only;
// - compared with timingSafeEqual; 5 wrong tries lock the challenge (the fifth answer is already
//   "locked"), and a locked challenge refuses every code, the right one too;
// - a new code may be sent 60 s after the last one, and it replaces the old code at once;
// - one use: the challenge is gone after the right code;
// - one live code per account: a new sign-in attempt's code supersedes the code of any earlier
//   attempt of the same account (that one then answers "superseded", and may ask for a new code,
//   which supersedes in turn);
// - per account, across all its sign-in attempts, in any hour: at most 5 codes sent (first codes,
//   resends and new attempts together) and at most 10 codes tried; the account's count is checked,
//   and the try recorded, before a code is compared. A successful sign-in takes back the sends and
//   tries of its own challenge, so a citizen who signs in often is not held up by them.
// The clear code exists only in the answer of `issue`/`resend`, which the caller hands to the SMS
// sender; outside production that sender is the development outbox (GET /dev/sms).

import { createHmac, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';

export const OTP_RULES = Object.freeze({
  length: 6,
  ttlMs: 5 * 60_000,
  resendAfterMs: 60_000,
  maxAttempts: 5,
  /** A challenge is forgotten this long after its last code was sent (the interaction lives 10 min). */
  keepMs: 15 * 60_000,
  /** Codes sent to one account per `accountWindowMs`, across its sign-in attempts (N). */
  maxSendsPerAccount: 5,
  /** Codes tried for one account per `accountWindowMs`, across its sign-in attempts (M). */
  maxTriesPerAccount: 10,
  accountWindowMs: 60 * 60_000,
});

// ---------------------------------------------------------------------------------------------
// Clock

/**
 * @typedef {object} Clock
 * @property {() => number} now epoch milliseconds, real time plus the offset
 * @property {number} offsetMs how far this clock runs ahead of real time (negative: behind)
 */

/**
 * A clock that runs with real time, shifted by an offset that development tools and tests set
 * (POST /dev/clock). Only the sign-in's own rules read it (code expiry, resend cooldown, rate
 * limits); oidc-provider keeps real time for its interactions, sessions and tokens.
 * @param {() => number} [base]
 * @returns {Clock}
 */
export function createClock(base = Date.now) {
  let offset = 0;
  return {
    now: () => base() + offset,
    get offsetMs() {
      return offset;
    },
    set offsetMs(value) {
      if (!Number.isFinite(value)) throw new RangeError('offsetMs must be a finite number');
      offset = Math.trunc(value);
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Rate limits

/**
 * @typedef {object} Backoff increasing delays: after `after` events in the window, each further one
 *   waits `baseMs * 2^(events - after)` after the one before (at most `maxMs`)
 * @property {number} after
 * @property {number} baseMs
 * @property {number} maxMs
 */

/**
 * @typedef {{ ok: true, release: () => void } | { ok: false, retryAfter: number }} Taken
 */

/**
 * Counts events per key in a sliding window, in a table of bounded size.
 *
 * `take(key)` checks the limit and records the event in one synchronous step, so requests that
 * arrive together cannot all pass the check before any of them is counted (record before any
 * `await`); `release()` takes the event back (a success does not count against the key).
 * Expired keys are swept as the table is used; when it is still full, the key idle the longest
 * is dropped (a flood of distinct keys costs memory up to `maxKeys` and no more).
 * @param {{ clock: Clock, limit: number, windowMs: number, backoff?: Backoff, maxKeys?: number }} options
 */
export function createRateLimiter({ clock, limit, windowMs, backoff, maxKeys = 10_000 }) {
  /** @type {Map<string, number[]>} key -> times of the events still in the window; oldest activity first */
  const events = new Map();
  let nextSweep = 0;

  /** @param {number} now */
  function sweep(now) {
    if (now < nextSweep && events.size < maxKeys) return;
    nextSweep = now + Math.min(windowMs, 60_000);
    for (const [key, times] of events) {
      const last = times[times.length - 1];
      if (last <= now - windowMs || last > now) events.delete(key);
    }
  }

  /** @param {string} key */
  function recent(key) {
    const now = clock.now();
    sweep(now);
    // Events "in the future" are dropped too: the development clock may have been set back.
    const times = (events.get(key) ?? []).filter((t) => t > now - windowMs && t <= now);
    if (times.length) events.set(key, times);
    else events.delete(key);
    return times;
  }

  /**
   * @param {number[]} times
   * @param {number} now
   */
  function wait(times, now) {
    let until = 0;
    if (times.length >= limit) {
      // The window frees a place when the oldest event that keeps the count at the limit leaves it.
      until = times[times.length - limit] + windowMs;
    }
    if (backoff && times.length >= backoff.after) {
      const delay = Math.min(backoff.maxMs, backoff.baseMs * 2 ** (times.length - backoff.after));
      until = Math.max(until, times[times.length - 1] + delay);
    }
    return until > now ? Math.max(1, Math.ceil((until - now) / 1000)) : 0;
  }

  /** @param {string} key @param {number[]} times */
  function store(key, times) {
    events.delete(key); // re-inserted last: the Map's order is the order of last activity
    events.set(key, times);
    while (events.size > maxKeys) {
      const oldest = events.keys().next().value;
      if (oldest === undefined) break;
      events.delete(oldest);
    }
  }

  return {
    limit,
    windowMs,
    maxKeys,
    /** Keys held now (tests check the table stays bounded). */
    get size() {
      return events.size;
    },
    /**
     * Seconds until `key` may act again; 0 when it may act now.
     * @param {string} key
     */
    retryAfter(key) {
      return wait(recent(key), clock.now());
    },
    /**
     * Records an event for `key` if the limit allows one now, in the same synchronous step.
     * @param {string} key
     * @returns {Taken}
     */
    take(key) {
      const times = recent(key);
      const now = clock.now();
      const retryAfter = wait(times, now);
      if (retryAfter > 0) return { ok: false, retryAfter };
      times.push(now);
      store(key, times);
      let released = false;
      return {
        ok: true,
        release() {
          if (released) return;
          released = true;
          const list = events.get(key);
          const at = list ? list.lastIndexOf(now) : -1;
          if (!list || at < 0) return;
          list.splice(at, 1);
          if (!list.length) events.delete(key);
        },
      };
    },
    /**
     * Whether `key` has an event in the window (a table of known things, e.g. devices).
     * @param {string} key
     */
    has(key) {
      return recent(key).length > 0;
    },
    /** @param {string} key */
    hit(key) {
      const times = recent(key);
      times.push(clock.now());
      store(key, times);
    },
    /** Forgets every key (development clock resets). */
    clear() {
      events.clear();
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Challenges

/**
 * @typedef {object} Challenge
 * @property {string} uid the interaction it belongs to
 * @property {string} sub the account that passed the password step
 * @property {string} accountType 'dvcqg' | 'vneid'
 * @property {string} phone where the code went
 * @property {Buffer} hash HMAC-SHA256(process key, uid, sub, code)
 * @property {number} sentAt epoch ms of the last code
 * @property {number} expiresAt epoch ms
 * @property {number} resendAt epoch ms from which a new code may be sent
 * @property {number} failures wrong codes so far (resending does not reset them)
 * @property {boolean} locked
 * @property {number} sends codes sent for this challenge
 * @property {boolean} superseded a later sign-in attempt of the same account has the live code
 * @property {number[]} sendTimes when this challenge's codes were sent (the account's ledger)
 * @property {number[]} tryTimes when this challenge's codes were tried (the account's ledger)
 */

/**
 * @typedef {{ maskedPhone: string, expiresAt: string, expiresIn: number, resendAfter: number, attemptsLeft: number }} OtpStatus
 * @typedef {{ ok: true, challenge: Readonly<Challenge> }
 *   | { ok: false, reason: 'none' | 'locked' | 'expired' | 'superseded' }
 *   | { ok: false, reason: 'try_limit', retryAfter: number }
 *   | { ok: false, reason: 'invalid', attemptsLeft: number, locked: boolean }} VerifyResult
 * @typedef {{ ok: true, challenge: Readonly<Challenge>, code: string }
 *   | { ok: false, reason: 'send_limit', retryAfter: number }} IssueResult
 * @typedef {{ ok: true, challenge: Readonly<Challenge>, code: string }
 *   | { ok: false, reason: 'none' | 'locked' }
 *   | { ok: false, reason: 'cooldown' | 'send_limit', retryAfter: number }} ResendResult
 */

/** A phone number with only its last three digits: "0912345678" → "*******678". */
export function maskPhone(/** @type {string} */ phone) {
  const digits = String(phone ?? '').replace(/[\s.-]+/g, '');
  return digits.length <= 3 ? '*'.repeat(digits.length) : '*'.repeat(digits.length - 3) + digits.slice(-3);
}

/** Six random digits from the CSPRNG, leading zeros kept. */
export function generateCode(length = OTP_RULES.length) {
  return String(randomInt(0, 10 ** length)).padStart(length, '0');
}

/**
 * The store of OTP challenges, one per interaction.
 * @param {{ clock: Clock, key?: Buffer, rules?: Partial<typeof OTP_RULES> }} options
 */
export function createOtpStore({ clock, key = randomBytes(32), rules: overrides = {} }) {
  const rules = { ...OTP_RULES, ...overrides };
  /** @type {Map<string, Challenge>} */
  const challenges = new Map();
  /**
   * Per account (only accounts whose password was right): times of codes sent and tried.
   * @type {Map<string, { sends: number[], tries: number[] }>}
   */
  const ledger = new Map();

  /** @param {string} sub */
  function account(sub) {
    const now = clock.now();
    const from = now - rules.accountWindowMs;
    const entry = ledger.get(sub) ?? { sends: [], tries: [] };
    entry.sends = entry.sends.filter((t) => t > from && t <= now);
    entry.tries = entry.tries.filter((t) => t > from && t <= now);
    ledger.set(sub, entry);
    return entry;
  }

  /**
   * Seconds until one more event fits under `limit` in the account window; 0 when it fits now.
   * @param {number[]} times
   * @param {number} limit
   */
  function accountWait(times, limit) {
    if (times.length < limit) return 0;
    const freeing = times[times.length - limit];
    return Math.max(1, Math.ceil((freeing + rules.accountWindowMs - clock.now()) / 1000));
  }

  /** @param {number[]} from @param {number[]} times */
  function takeBack(from, times) {
    for (const t of times) {
      const at = from.lastIndexOf(t);
      if (at >= 0) from.splice(at, 1);
    }
  }

  /** One live code per account: every other challenge of `c`'s account is superseded. @param {Challenge} c */
  function supersedeOthers(c) {
    for (const other of challenges.values()) if (other !== c && other.sub === c.sub) other.superseded = true;
    c.superseded = false;
  }

  /**
   * @param {string} uid
   * @param {string} sub
   * @param {string} code
   */
  function digest(uid, sub, code) {
    return createHmac('sha256', key).update(`${uid}\u0000${sub}\u0000${code}`, 'utf8').digest();
  }

  function sweep() {
    const oldest = clock.now() - rules.keepMs;
    for (const [uid, c] of challenges) if (c.sentAt < oldest) challenges.delete(uid);
    for (const [sub, entry] of ledger) {
      const last = Math.max(entry.sends.at(-1) ?? 0, entry.tries.at(-1) ?? 0);
      if (last <= clock.now() - rules.accountWindowMs) ledger.delete(sub);
    }
  }

  /** @param {string} uid */
  function current(uid) {
    sweep();
    return challenges.get(uid);
  }

  /**
   * @param {Challenge} c
   * @param {string} code
   */
  function newCode(c, code) {
    const now = clock.now();
    c.hash = digest(c.uid, c.sub, code);
    c.sentAt = now;
    c.expiresAt = now + rules.ttlMs;
    c.resendAt = now + rules.resendAfterMs;
    c.sends += 1;
    c.sendTimes.push(now);
    account(c.sub).sends.push(now);
    supersedeOthers(c);
  }

  return {
    rules,

    /**
     * What the citizen's page may know of a challenge.
     * @param {Readonly<Challenge>} c
     * @returns {OtpStatus}
     */
    status(c) {
      const now = clock.now();
      return {
        maskedPhone: maskPhone(c.phone),
        expiresAt: new Date(c.expiresAt).toISOString(),
        expiresIn: Math.max(0, Math.ceil((c.expiresAt - now) / 1000)),
        resendAfter: Math.max(0, Math.ceil((c.resendAt - now) / 1000)),
        attemptsLeft: c.locked ? 0 : Math.max(0, rules.maxAttempts - c.failures),
      };
    },

    /**
     * The live challenge of an interaction, if any.
     * @param {string} uid
     * @returns {Readonly<Challenge> | undefined}
     */
    get(uid) {
      return current(uid);
    },

    /**
     * A new challenge for an interaction and account, replacing any earlier one of that interaction
     * and superseding the live code of any other interaction of the account. The wrong tries of an
     * earlier challenge of the same interaction and account carry over, so typing the password again
     * does not buy more guesses. Refused when the account has had its codes for the hour.
     * @param {string} uid
     * @param {{ sub: string, phone: string }} citizen
     * @param {string} accountType
     * @returns {IssueResult}
     */
    issue(uid, citizen, accountType) {
      const before = current(uid);
      const carried = before?.sub === citizen.sub ? before : undefined;
      const retryAfter = accountWait(account(citizen.sub).sends, rules.maxSendsPerAccount);
      if (retryAfter > 0) return { ok: false, reason: 'send_limit', retryAfter };
      const code = generateCode(rules.length);
      /** @type {Challenge} */
      const c = {
        uid, sub: citizen.sub, accountType, phone: citizen.phone,
        hash: Buffer.alloc(0), sentAt: 0, expiresAt: 0, resendAt: 0,
        failures: carried?.failures ?? 0, locked: carried?.locked ?? false, sends: carried?.sends ?? 0,
        superseded: false, sendTimes: [...(carried?.sendTimes ?? [])], tryTimes: [...(carried?.tryTimes ?? [])],
      };
      newCode(c, code);
      challenges.set(uid, c);
      return { ok: true, challenge: c, code };
    },


    /**
     * Checks a code. The right one ends the challenge (one use); a wrong one counts.
     * @param {string} uid
     * @param {string} code digits only
     * @returns {VerifyResult}
     */
    verify(uid, code) {
      const c = current(uid);
      if (!c) return { ok: false, reason: 'none' };
      if (c.superseded) return { ok: false, reason: 'superseded' };
      if (c.locked) return { ok: false, reason: 'locked' };
      if (clock.now() >= c.expiresAt) return { ok: false, reason: 'expired' };
      // The account's limit first, and the try recorded, before the code is compared.
      const entry = account(c.sub);
      const retryAfter = accountWait(entry.tries, rules.maxTriesPerAccount);
      if (retryAfter > 0) return { ok: false, reason: 'try_limit', retryAfter };
      const now = clock.now();
      entry.tries.push(now);
      c.tryTimes.push(now);
      const candidate = digest(uid, c.sub, String(code));
      if (candidate.length === c.hash.length && timingSafeEqual(candidate, c.hash)) {
        challenges.delete(uid);
        takeBack(entry.tries, c.tryTimes);
        takeBack(entry.sends, c.sendTimes);
        return { ok: true, challenge: c };
      }
      c.failures += 1;
      if (c.failures >= rules.maxAttempts) c.locked = true;
      return { ok: false, reason: 'invalid', attemptsLeft: Math.max(0, rules.maxAttempts - c.failures), locked: c.locked };
    },

    /**
     * A new code for the same challenge, once the cooldown has passed; the old code stops working.
     * @param {string} uid
     * @returns {ResendResult}
     */
    resend(uid) {
      const c = current(uid);
      if (!c) return { ok: false, reason: 'none' };
      if (c.locked) return { ok: false, reason: 'locked' };
      const wait = c.resendAt - clock.now();
      if (wait > 0) return { ok: false, reason: 'cooldown', retryAfter: Math.ceil(wait / 1000) };
      const retryAfter = accountWait(account(c.sub).sends, rules.maxSendsPerAccount);
      if (retryAfter > 0) return { ok: false, reason: 'send_limit', retryAfter };
      const code = generateCode(rules.length);
      newCode(c, code);
      return { ok: true, challenge: c, code };
    },

    /**
     * Copies of every stored challenge, for inspection (tests, development): exactly what is kept.
     * @returns {Challenge[]}
     */
    snapshot() {
      return [...challenges.values()].map((c) => ({
        ...c, hash: Buffer.from(c.hash), sendTimes: [...c.sendTimes], tryTimes: [...c.tryTimes],
      }));
    },

    /**
     * Codes sent and tried per account in the current window, for inspection (tests, development).
     * @param {string} sub
     */
    accountUsage(sub) {
      const entry = ledger.get(sub);
      return { sends: entry?.sends.length ?? 0, tries: entry?.tries.length ?? 0 };
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Development SMS outbox

/**
 * @typedef {{ to: string, code: string, text: string, sentAt: string, interaction: string }} SmsMessage
 */

/** The text of the SMS. */
export function smsText(/** @type {string} */ code) {
  return `Mã xác thực Cổng DVC: ${code}. Hiệu lực ${Math.round(OTP_RULES.ttlMs / 60_000)} phút.`;
}

/**
 * Where SMS go outside production: a short list, newest first, that /dev/sms shows.
 * @param {{ clock: Clock, limit?: number }} options
 */
export function createOutbox({ clock, limit = 50 }) {
  /** @type {SmsMessage[]} */
  const messages = [];
  return {
    /**
     * @param {{ to: string, code: string, interaction: string }} message
     * @returns {Promise<void>}
     */
    async send({ to, code, interaction }) {
      messages.unshift({ to, code, text: smsText(code), sentAt: new Date(clock.now()).toISOString(), interaction });
      if (messages.length > limit) messages.length = limit;
    },
    /** @returns {SmsMessage[]} newest first */
    list() {
      return messages.map((m) => ({ ...m }));
    },
  };
}
