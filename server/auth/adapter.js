// In-memory storage for oidc-provider (sessions, interactions, codes, grants...).
// The reference server is a single process and forgets everything on restart, which is what a
// demo wants. One store per provider instance, so servers started by tests do not share state.

/**
 * @typedef {Record<string, any>} Payload
 * @typedef {{ payload: Payload, expiresAt: number | undefined }} Entry
 */

/** Models whose entries die with their grant (revokeByGrantId); never Interaction or Session. */
const GRANTABLE = new Set([
  'AccessToken', 'AuthorizationCode', 'RefreshToken', 'DeviceCode', 'BackchannelAuthenticationRequest',
]);

/** Sweep expired entries at most this often (ms). */
const SWEEP_EVERY = 60_000;

/** @returns {new (name: string) => any} an adapter class for oidc-provider's `adapter` option */
export function createMemoryAdapter() {
  /** @type {Map<string, Entry>} */
  const entries = new Map();
  /** @type {Map<string, Set<string>>} grantId -> keys of what it issued */
  const byGrant = new Map();
  /** @type {Map<string, string>} secondary indexes (session uid, user code) -> key */
  const lookup = new Map();
  let lastSweep = Date.now();

  /** @param {string} key */
  function live(key) {
    const entry = entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt !== undefined && entry.expiresAt <= Date.now()) {
      entries.delete(key);
      return undefined;
    }
    return entry;
  }

  function sweep() {
    const now = Date.now();
    if (now - lastSweep < SWEEP_EVERY) return;
    lastSweep = now;
    for (const key of entries.keys()) live(key);
    for (const [index, key] of lookup) if (!entries.has(key)) lookup.delete(index);
    for (const [grantId, keys] of byGrant) {
      for (const key of keys) if (!entries.has(key)) keys.delete(key);
      if (!keys.size) byGrant.delete(grantId);
    }
  }

  return class MemoryAdapter {
    /** @param {string} name model name (Session, AccessToken, Grant...) */
    constructor(name) {
      this.name = name;
    }

    /** @param {string} id */
    key(id) {
      return `${this.name}:${id}`;
    }

    /**
     * @param {string} id
     * @param {Payload} payload
     * @param {number} [expiresIn] seconds
     */
    async upsert(id, payload, expiresIn) {
      sweep();
      const key = this.key(id);
      entries.set(key, {
        payload: structuredClone(payload),
        expiresAt: expiresIn ? Date.now() + expiresIn * 1000 : undefined,
      });
      if (GRANTABLE.has(this.name) && payload.grantId) {
        let keys = byGrant.get(payload.grantId);
        if (!keys) byGrant.set(payload.grantId, (keys = new Set()));
        keys.add(key);
      }
      if (this.name === 'Session' && payload.uid) lookup.set(`${this.name}:uid:${payload.uid}`, key);
      if (payload.userCode) lookup.set(`${this.name}:userCode:${payload.userCode}`, key);
    }

    /** @param {string} id */
    async find(id) {
      const entry = live(this.key(id));
      return entry ? structuredClone(entry.payload) : undefined;
    }

    /** @param {string} uid */
    async findByUid(uid) {
      const key = lookup.get(`${this.name}:uid:${uid}`);
      const entry = key ? live(key) : undefined;
      return entry ? structuredClone(entry.payload) : undefined;
    }

    /** @param {string} userCode */
    async findByUserCode(userCode) {
      const key = lookup.get(`${this.name}:userCode:${userCode}`);
      const entry = key ? live(key) : undefined;
      return entry ? structuredClone(entry.payload) : undefined;
    }

    /** @param {string} id */
    async consume(id) {
      const entry = live(this.key(id));
      if (entry) entry.payload.consumed = Math.floor(Date.now() / 1000);
    }

    /** @param {string} id */
    async destroy(id) {
      entries.delete(this.key(id));
    }

    /** @param {string} grantId */
    async revokeByGrantId(grantId) {
      const keys = byGrant.get(grantId);
      if (!keys) return;
      for (const key of keys) entries.delete(key);
      byGrant.delete(grantId);
    }
  };
}
