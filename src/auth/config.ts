import { DvcError } from '../internal/errors.js';
import { DEFAULT_TIMEOUT_MS } from '../internal/http.js';
import type { PortalConfig } from './types.js';

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

/** The page URL without query or fragment: the default redirect URI. */
export function pageUrl(): string {
  const url = new URL(location.href);
  url.search = '';
  url.hash = '';
  return url.href;
}

function httpUrl(value: string, name: string): string {
  let url: URL;
  try {
    url = new URL(value, location.href);
  } catch {
    throw new DvcError('config', `${name} is not a URL: ${value}`);
  }
  if (!isSecure(url)) throw new DvcError('config', `${name} must be https (http only on localhost): ${value}`);
  return url.href;
}

const isLocal = (host: string) => host === 'localhost' || host === '127.0.0.1' || host === '[::1]' || host.endsWith('.localhost');

/**
 * Backend mode's base: a path on this site (`/auth`), without query or fragment, kept as an absolute
 * URL without its trailing slash. A relative path would change from page to page, and `//host` or
 * `/\\host` is another site, where the HttpOnly same-origin session cookie could never go.
 */
function backendUrl(value: string): string {
  if (!/^\/(?![/\\])[^?#]*$/.test(value.trim())) throw new DvcError('config', `backend must be a path on this site such as /auth: ${value}`);
  return new URL(value.trim(), location.href).href.replace(/\/+$/, '');
}

/** https, or http on localhost only. */
export const isSecure = (url: URL): boolean => url.protocol === 'https:' || (url.protocol === 'http:' && isLocal(url.hostname));

/** Reads and checks the attributes; throws DvcError('config') when one is malformed. */
export function parseConfig(attrs: ConfigAttributes): PortalConfig {
  const storage = attrs.storage ?? 'session';
  if (storage !== 'session' && storage !== 'memory') {
    throw new DvcError('config', `storage must be "session" or "memory", not "${storage}"`);
  }
  let timeout = DEFAULT_TIMEOUT_MS;
  if (attrs.timeout !== undefined && attrs.timeout !== '') {
    const seconds = Number(attrs.timeout);
    if (!Number.isFinite(seconds) || seconds <= 0) throw new DvcError('config', `timeout must be a number of seconds`);
    timeout = seconds * 1000;
  }
  const config: PortalConfig = {
    redirectUri: attrs.redirectUri ? httpUrl(attrs.redirectUri, 'redirect-uri') : pageUrl(),
    scope: attrs.scope?.trim() || 'openid profile',
    storage,
    timeout,
  };
  // The issuer is compared byte for byte with the discovery document, so it is kept as written.
  if (attrs.issuer) {
    httpUrl(attrs.issuer, 'issuer');
    config.issuer = attrs.issuer;
  }
  if (attrs.clientId !== undefined) {
    if (!/^[\x21-\x7e]{1,255}$/.test(attrs.clientId)) throw new DvcError('config', 'client-id is malformed');
    config.clientId = attrs.clientId;
  }
  if (attrs.postLogoutRedirectUri) config.postLogoutRedirectUri = httpUrl(attrs.postLogoutRedirectUri, 'post-logout-redirect-uri');
  if (attrs.backend?.trim()) config.backend = backendUrl(attrs.backend);
  if (attrs.api) config.api = httpUrl(attrs.api, 'api').replace(/\/+$/, '');
  else if (config.backend) config.api = `${config.backend}/api`;
  if (attrs.dpop) config.dpop = true;
  if (!config.scope.split(/\s+/).includes('openid')) config.scope = `openid ${config.scope}`;
  return config;
}

/** Throws DvcError('config') unless the configuration can sign someone in: a backend, or an issuer and a client id. */
export function requireAuth(config: PortalConfig): void {
  if (config.backend) return;
  if (!config.issuer) throw new DvcError('config', 'issuer is missing');
  if (!config.clientId) throw new DvcError('config', 'client-id is missing');
}
