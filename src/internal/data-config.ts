import type { PortalConfig } from '../auth/types.js';
import { DvcError } from './errors.js';
import { DEFAULT_TIMEOUT_MS } from './http.js';

/** The configuration attributes shared by `<dvc-portal>` and every widget outside one. */
export interface ConfigAttributes {
  backend?: string | undefined;
  issuer?: string | undefined;
  clientId?: string | undefined;
  redirectUri?: string | undefined;
  postLogoutRedirectUri?: string | undefined;
  scope?: string | undefined;
  api?: string | undefined;
  storage?: string | undefined;
  timeout?: string | number | undefined;
  dpop?: boolean | undefined;
}

/** Reads configuration attributes into a configuration; throws DvcError('config') when one is malformed. */
export type ConfigParser = (attrs: ConfigAttributes) => PortalConfig;

const isLocal = (host: string) => host === 'localhost' || host === '127.0.0.1' || host === '[::1]' || host.endsWith('.localhost');

/** https, or http on localhost only. */
export const isSecure = (url: URL): boolean => url.protocol === 'https:' || (url.protocol === 'http:' && isLocal(url.hostname));

/** The page URL without query or fragment: the default redirect URI. */
export function pageUrl(): string {
  const url = new URL(location.href);
  url.search = '';
  url.hash = '';
  return url.href;
}

/** `value` as an absolute https URL (http on localhost); throws DvcError('config') naming the attribute. */
export function httpUrl(value: string, name: string): string {
  let url: URL;
  try {
    url = new URL(value, location.href);
  } catch {
    throw new DvcError('config', `${name} is not a URL: ${value}`);
  }
  if (!isSecure(url)) throw new DvcError('config', `${name} must be https (http only on localhost): ${value}`);
  return url.href;
}

/**
 * What an element that only fetches (or shows) public data reads of its attributes: `api` and
 * `timeout`; the rest keeps its default. The elements that hold the sign-in read every attribute
 * (`parseConfig` in auth/config.ts, with the session's code). Throws DvcError('config').
 */
export function parseDataConfig(attrs: ConfigAttributes): PortalConfig {
  let timeout = DEFAULT_TIMEOUT_MS;
  if (attrs.timeout !== undefined && attrs.timeout !== '') {
    const seconds = Number(attrs.timeout);
    if (!Number.isFinite(seconds) || seconds <= 0) throw new DvcError('config', `timeout must be a number of seconds`);
    timeout = seconds * 1000;
  }
  const config: PortalConfig = { redirectUri: pageUrl(), scope: 'openid profile', storage: 'session', timeout };
  if (attrs.api) config.api = httpUrl(attrs.api, 'api').replace(/\/+$/, '');
  return config;
}
