// Test helpers: a window.fetch stub that answers with real Response objects, honours abort
// like the real fetch, and records every request. Restore it after each test.
import { retryPolicy } from '../api/client.js';

export interface StubRequest {
  url: URL;
  method: string;
  headers: Headers;
  signal: AbortSignal | undefined;
  /** The request body as sent (a string for JSON and form bodies). */
  body: BodyInit | null | undefined;
  /** The credentials mode asked for. */
  credentials: RequestCredentials | undefined;
}

export type StubHandler = (request: StubRequest) => Response | Promise<Response>;

export interface FetchStub {
  /** Every request made, in order. */
  readonly calls: StubRequest[];
  /** Puts the real fetch back. */
  restore(): void;
}

/** Replaces window.fetch with `handler` until `restore()`. */
export function stubFetch(handler: StubHandler): FetchStub {
  const original = window.fetch;
  const calls: StubRequest[] = [];
  window.fetch = (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = new URL(input instanceof Request ? input.url : String(input), location.href);
    const signal = init.signal ?? undefined;
    const request: StubRequest = {
      url,
      method: (init.method ?? 'GET').toUpperCase(),
      headers: new Headers(init.headers),
      signal,
      body: init.body,
      credentials: init.credentials,
    };
    calls.push(request);
    return new Promise<Response>((resolve, reject) => {
      const abort = () => reject(signal?.reason ?? new DOMException('Aborted', 'AbortError'));
      if (signal?.aborted) return abort();
      signal?.addEventListener('abort', abort, { once: true });
      Promise.resolve()
        .then(() => handler(request))
        .then(resolve, reject);
    });
  };
  return {
    calls,
    restore: () => {
      window.fetch = original;
    },
  };
}

/** A JSON answer. */
export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json; charset=utf-8', ...headers } });
}

export interface Deferred<T> {
  promise: Promise<T>;
  resolve(value: T): void;
  reject(reason: unknown): void;
}

/** A promise the test settles when it chooses (no sleeps). */
export function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (reason: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** A promise that never settles: the server that does not answer. */
export const never = <T>(): Promise<T> => new Promise<T>(() => {});

/**
 * Hooks for a describe block whose tests talk to a stubbed API: GET retries wait `delays` ms
 * instead of 300 and 900, and window.fetch is put back after each test, whatever stubs it installed.
 */
export function useStubbedApi(delays: number[] = [5, 10]): void {
  let realFetch: typeof window.fetch;
  let realDelays: number[];
  beforeEach(() => {
    realFetch = window.fetch;
    realDelays = retryPolicy.delays;
    retryPolicy.delays = delays;
  });
  afterEach(() => {
    window.fetch = realFetch;
    retryPolicy.delays = realDelays;
  });
}

/** Hides WebOTP for a describe block: headless Chromium answers the SMS prompt of an otp-input badly. */
export function withoutWebOtp(): void {
  const webOtp = Object.getOwnPropertyDescriptor(window, 'OTPCredential');
  before(() => {
    delete (window as unknown as Record<string, unknown>).OTPCredential;
  });
  after(() => {
    if (webOtp) Object.defineProperty(window, 'OTPCredential', webOtp);
  });
}
