// The dossier API client every element uses, without its endpoints: those are in stats.ts,
// dossiers.ts and profile.ts, so that an element's file holds only the ones it calls. No Lit, no
// DOM rendering. On top of requestJson (timeout, abort, error mapping) it adds:
// - retries with backoff for GETs on network errors and 5xx only;
// - one shared request for identical concurrent GETs (same URL and access headers) across the page;
//   one subscriber's abort leaves the request running for the others;
// - shape checks (each endpoint's, on the helpers of shapes.ts) before anything reaches a widget;
// - the citizen's calls authorised by the session (`authorize`: a bearer header in browser mode,
//   the cookie and X-DVC-Request in backend mode): no token passes through here or the elements;
// - 401 on an authorised request: DvcError('session_expired') and `onUnauthorized` (the session's expire()).
import type { ApiAccess, ApiRequest } from '../auth/types.js';
import { DvcError } from '../internal/errors.js';
import { requestJson } from '../internal/http.js';

export interface ApiOptions {
  /** Dossier API base URL (`api` of `<dvc-portal>` or of the element). */
  api?: string;
  /** Milliseconds before one attempt fails with `timeout`. */
  timeout?: number;
  /** Aborts this caller's interest; a shared request goes on while others still want it. */
  signal?: AbortSignal;
  /**
   * Authorises the citizen's own calls (`/me/...`): pass the session's `apiAccess`. When it resolves
   * undefined nobody is signed in any more; the call is then abandoned as an abort (the session's
   * state says why), and no request is made.
   */
  authorize?: (request: ApiRequest) => Promise<ApiAccess | undefined>;
  /** Called when the API answers 401 to an authorised request (pass the session's `expire`). */
  onUnauthorized?: () => void;
}

/** Backoff between GET attempts; tests may shorten the delays. */
export const retryPolicy = {
  /** One delay per retry (so two retries), in ms. */
  delays: [300, 900] as number[],
  /** Random extra, as a share of the delay, so that many pages do not retry in step. */
  jitter: 0.3,
};

interface Shared {
  promise: Promise<unknown>;
  controller: AbortController;
  subscribers: number;
}

const inFlight = new Map<string, Shared>();

const abortError = (signal: AbortSignal): unknown => signal.reason ?? new DOMException('Aborted', 'AbortError');

function shouldRetry(error: unknown): boolean {
  return error instanceof DvcError && (error.code === 'network' || (error.code === 'http' && (error.status ?? 0) >= 500));
}

function wait(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(abortError(signal));
    const id = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(id);
      reject(abortError(signal));
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** The session's authorisation of one request; no session, or nobody signed in, abandons the call. */
export async function authorise(method: string, url: string, options: ApiOptions): Promise<ApiAccess> {
  const access = await options.authorize?.({ method, url });
  if (!access) throw new DOMException('Nobody is signed in', 'AbortError');
  return access;
}

/** An authorised GET is authorised again before each retry (a DPoP proof serves one request). */
async function getWithRetry(url: string, access: ApiAccess | undefined, options: ApiOptions, signal: AbortSignal): Promise<unknown> {
  for (let attempt = 0; ; attempt++) {
    try {
      if (access && attempt > 0) access = await authorise('GET', url, options);
      return await requestJson(url, { headers: access?.headers, credentials: access?.credentials, timeout: options.timeout, signal });
    } catch (error) {
      const delay = retryPolicy.delays[attempt];
      if (delay === undefined || signal.aborted || !shouldRetry(error)) throw error;
      await wait(delay * (1 + Math.random() * retryPolicy.jitter), signal);
    }
  }
}

/**
 * What makes two GETs the same request: the URL and how it is authorised, so two citizens (two
 * bearer tokens) never share one. A DPoP proof is unique to each request and left out.
 */
const requestKey = (url: string, access: ApiAccess | undefined): string =>
  JSON.stringify([url, access?.credentials, Object.entries(access?.headers ?? {}).filter(([name]) => name !== 'dpop').sort()]);

/**
 * A GET that identical concurrent callers share (the first caller's timeout applies to all). The entry leaves the map when it settles,
 * or when every subscriber has aborted (then the request itself is aborted).
 */
function sharedGet(url: string, access: ApiAccess | undefined, options: ApiOptions): Promise<unknown> {
  const { signal } = options;
  if (signal?.aborted) return Promise.reject(abortError(signal));
  const key = requestKey(url, access);
  let entry = inFlight.get(key);
  if (!entry) {
    const controller = new AbortController();
    const created: Shared = { promise: getWithRetry(url, access, options, controller.signal), controller, subscribers: 0 };
    const settle = () => {
      if (inFlight.get(key) === created) inFlight.delete(key);
    };
    created.promise.then(settle, settle);
    inFlight.set(key, created);
    entry = created;
  }
  const shared = entry;
  shared.subscribers++;
  return new Promise((resolve, reject) => {
    let done = false;
    const leave = () => {
      done = true;
      shared.subscribers--;
      signal?.removeEventListener('abort', onAbort);
    };
    const onAbort = () => {
      if (done) return;
      leave();
      if (shared.subscribers === 0) {
        if (inFlight.get(key) === shared) inFlight.delete(key);
        shared.controller.abort();
      }
      reject(abortError(signal!));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    shared.promise.then(
      (value) => {
        if (done) return;
        leave();
        resolve(value);
      },
      (error: unknown) => {
        if (done) return;
        leave();
        reject(error);
      },
    );
  });
}

/** Number of shared GETs under way (for tests and diagnostics). */
export function inFlightCount(): number {
  return inFlight.size;
}

export function base(options: ApiOptions): string {
  if (!options.api) throw new DvcError('config', 'api is missing');
  return options.api.replace(/\/+$/, '');
}

export function mapUnauthorized(error: unknown, access: ApiAccess | undefined, options: ApiOptions): unknown {
  if (access && error instanceof DvcError && error.code === 'http' && error.status === 401) {
    options.onUnauthorized?.();
    return new DvcError('session_expired', 'The API refused the session (401)', { status: 401, cause: error });
  }
  return error;
}

/** A GET; `authorised` ones (the citizen's own data) go out with the session's access. */
export async function get<T>(path: string, parse: (data: unknown) => T, options: ApiOptions, authorised = false): Promise<T> {
  const url = base(options) + path;
  const access = authorised ? await authorise('GET', url, options) : undefined;
  let data: unknown;
  try {
    data = await sharedGet(url, access, options);
  } catch (error) {
    throw mapUnauthorized(error, access, options);
  }
  return parse(data);
}

export function query(params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) if (value !== undefined && value !== '') search.set(name, String(value));
  const text = search.toString();
  return text ? `?${text}` : '';
}
