// Small HTTP helpers of the dossier API: errors, JSON answers with ETag, query and body parsing.

import { createHash } from 'node:crypto';

/** An error answered as `{error, message}` with its HTTP status (and extra headers). */
export class ApiError extends Error {
  /**
   * @param {number} status
   * @param {string} error machine-readable code
   * @param {string} message human text, Vietnamese then English
   * @param {Record<string, string>} [headers]
   * @param {Record<string, unknown>} [extra] more body properties (e.g. `param`)
   */
  constructor(status, error, message, headers = {}, extra = {}) {
    super(message);
    this.status = status;
    this.error = error;
    this.headers = headers;
    this.extra = extra;
  }
}

/** A weak validator from the body's SHA-256. @param {string} body */
export function weakEtag(body) {
  return `W/"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
}

/**
 * Whether an If-None-Match header matches `etag` (weak comparison, lists and `*`).
 * @param {string | undefined} ifNoneMatch
 * @param {string} etag
 */
export function etagMatches(ifNoneMatch, etag) {
  if (!ifNoneMatch) return false;
  const bare = etag.replace(/^W\//, '');
  return ifNoneMatch.split(',').some((t) => {
    const tag = t.trim();
    return tag === '*' || tag.replace(/^W\//, '') === bare;
  });
}

/**
 * Sends a JSON answer.
 * `cache: 'public'` adds a weak ETag, `Cache-Control: public, max-age=60`, and answers 304 when the
 * request's If-None-Match matches; `cache: 'private'` sends `Cache-Control: no-store`.
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 * @param {number} status
 * @param {unknown} data
 * @param {{cache?: 'public' | 'private', headers?: Record<string, string>}} [options]
 */
export function sendJson(req, res, status, data, options = {}) {
  const body = JSON.stringify(data);
  for (const [name, value] of Object.entries(options.headers ?? {})) res.setHeader(name, value);
  res.setHeader('x-content-type-options', 'nosniff');
  if (options.cache === 'public' && status === 200) {
    const etag = weakEtag(body);
    res.setHeader('etag', etag);
    res.setHeader('cache-control', 'public, max-age=60');
    if (etagMatches(req.headers['if-none-match'], etag)) {
      res.statusCode = 304;
      res.end();
      return;
    }
  } else {
    res.setHeader('cache-control', 'no-store');
  }
  res.statusCode = status;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.setHeader('content-length', Buffer.byteLength(body));
  res.end(req.method === 'HEAD' ? undefined : body);
}

/**
 * Sends an ApiError as `{error, message}`.
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 * @param {ApiError} error
 */
export function sendError(req, res, error) {
  sendJson(req, res, error.status, { error: error.error, message: error.message, ...error.extra }, { headers: error.headers });
}

/**
 * A 400 for a bad query parameter.
 * @param {string} name
 * @param {{vi: string, en: string}} rule what the value must be, in Vietnamese and English
 */
export function badParam(name, rule) {
  return new ApiError(
    400,
    'invalid_parameter',
    `Tham số "${name}" không hợp lệ: ${rule.vi} / Invalid parameter "${name}": ${rule.en}`,
    {},
    { param: name },
  );
}

/**
 * The single value of a query parameter: undefined when absent or empty; 400 when repeated.
 * @param {URLSearchParams} params
 * @param {string} name
 */
export function queryValue(params, name) {
  const all = params.getAll(name);
  if (all.length > 1) throw badParam(name, { vi: 'chỉ được truyền một lần', en: 'must be given once' });
  const value = all[0];
  return value === undefined || value === '' ? undefined : value;
}

/**
 * An integer query parameter in [min, max], or its default.
 * @param {URLSearchParams} params
 * @param {string} name
 * @param {{min: number, max: number, fallback: number}} range
 */
export function intParam(params, name, { min, max, fallback }) {
  const raw = queryValue(params, name);
  if (raw === undefined) return fallback;
  const n = /^\d{1,9}$/.test(raw) ? Number(raw) : NaN;
  if (!(n >= min && n <= max)) {
    throw badParam(name, {
      vi: `phải là số nguyên từ ${min} đến ${max}`,
      en: `must be an integer from ${min} to ${max}`,
    });
  }
  return n;
}

/**
 * Reads a small JSON object body (at most `limit` bytes).
 * @param {import('node:http').IncomingMessage} req
 * @param {number} [limit]
 * @returns {Promise<Record<string, unknown>>}
 */
export async function readJsonBody(req, limit = 4096) {
  const chunks = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size > limit) throw new ApiError(413, 'payload_too_large', `Nội dung quá lớn / Request body larger than ${limit} bytes`);
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  let data;
  try {
    data = text === '' ? {} : JSON.parse(text);
  } catch {
    throw new ApiError(400, 'invalid_body', 'Nội dung không phải JSON hợp lệ / Request body is not valid JSON');
  }
  if (!data || typeof data !== 'object' || Array.isArray(data)) {
    throw new ApiError(400, 'invalid_body', 'Nội dung phải là một đối tượng JSON / Request body must be a JSON object');
  }
  return data;
}

/**
 * Resolves after `ms`, or as soon as the client goes away (then with false).
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 * @param {number} ms
 * @returns {Promise<boolean>} true when the time ran out with the client still there
 */
export function waitOrClose(req, res, ms) {
  return new Promise((resolve) => {
    if (res.destroyed || req.socket?.destroyed) return resolve(false);
    const done = (/** @type {boolean} */ value) => {
      clearTimeout(timer);
      res.off('close', onClose);
      resolve(value);
    };
    const onClose = () => done(false);
    const timer = setTimeout(() => done(true), ms);
    res.on('close', onClose);
  });
}
