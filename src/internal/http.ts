import { DvcError } from './errors.js';

/** Default network timeout (PRODUCT.md: 15 s unless `<dvc-portal timeout>` says otherwise). */
export const DEFAULT_TIMEOUT_MS = 15_000;

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  headers?: Record<string, string>;
  /** Sent as `application/x-www-form-urlencoded`. */
  form?: Record<string, string>;
  /** Sent as JSON. */
  json?: unknown;
  /** Milliseconds before the request fails with `timeout`. */
  timeout?: number;
  /** The caller's abort: the promise rejects with the AbortError, which callers ignore. */
  signal?: AbortSignal;
  /** Bearer access token. */
  token?: string;
  /**
   * Cookies: `omit` (default; bearer tokens only) or `same-origin` for calls that need the
   * server's own cookie, such as the provider's sign-in interaction.
   */
  credentials?: 'omit' | 'same-origin';
  /** Sees every response's headers, error responses included (DPoP reads `DPoP-Nonce` there). */
  onHeaders?: (headers: Headers) => void;
}

/**
 * The one fetch path: timeout, caller abort, and error mapping to DvcError codes
 * (`network`, `timeout`, `http` with status, `invalid_response` for a body that is not JSON).
 * Resolves with the parsed JSON body; the caller checks its shape.
 */
export async function requestJson(url: string, options: RequestOptions = {}): Promise<unknown> {
  const { method = options.form || options.json !== undefined ? 'POST' : 'GET', timeout = DEFAULT_TIMEOUT_MS } = options;
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
  let body: string | undefined;
  if (options.form) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    body = new URLSearchParams(options.form).toString();
  } else if (options.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.json);
  }
  if (options.token) headers.authorization = `Bearer ${options.token}`;

  const timer = new AbortController();
  const timeoutId = setTimeout(() => timer.abort(), timeout);
  const signal = options.signal ? AbortSignal.any([options.signal, timer.signal]) : timer.signal;
  let response: Response;
  let text: string;
  try {
    response = await fetch(url, { method, headers, body, signal, credentials: options.credentials ?? 'omit', cache: 'no-store' });
    options.onHeaders?.(response.headers);
    text = await response.text();
  } catch (error) {
    if (options.signal?.aborted) throw options.signal.reason ?? error;
    if (timer.signal.aborted) throw new DvcError('timeout', `No answer from ${url} in ${timeout} ms`);
    throw new DvcError('network', `Cannot reach ${url}`, { cause: error });
  } finally {
    clearTimeout(timeoutId);
  }
  let data: unknown;
  try {
    data = text === '' ? undefined : JSON.parse(text);
  } catch {
    if (!response.ok) throw httpError(response, undefined);
    throw new DvcError('invalid_response', `${url} did not answer JSON`, { status: response.status });
  }
  if (!response.ok) throw httpError(response, data);
  return data;
}

function httpError(response: Response, data: unknown): DvcError {
  const retry = Number(response.headers.get('retry-after'));
  const detail =
    data && typeof data === 'object' && typeof (data as { message?: unknown }).message === 'string'
      ? (data as { message: string }).message
      : response.statusText;
  return new DvcError('http', `HTTP ${response.status}: ${detail}`, {
    status: response.status,
    ...(Number.isFinite(retry) && retry > 0 ? { retryAfter: retry } : {}),
    ...(data !== undefined ? { body: data } : {}),
  });
}

/** Narrowing helpers for checking a response's shape before use. */
export const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
export const isString = (v: unknown): v is string => typeof v === 'string';
export const isFiniteNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
