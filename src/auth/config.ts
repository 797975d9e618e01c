import { DvcError } from '../internal/errors.js';
import { httpUrl, parseDataConfig, type ConfigAttributes } from '../internal/data-config.js';
import type { PortalConfig } from './types.js';

/**
 * Backend mode's base: a path on this site (`/auth`), without query or fragment, kept as an absolute
 * URL without its trailing slash. A relative path would change from page to page, and `//host` or
 * `/\\host` is another site, where the HttpOnly same-origin session cookie could never go.
 */
function backendUrl(value: string): string {
  if (!/^\/(?![/\\])[^?#]*$/.test(value.trim())) throw new DvcError('config', `backend must be a path on this site such as /auth: ${value}`);
  return new URL(value.trim(), location.href).href.replace(/\/+$/, '');
}

/**
 * Reads and checks every attribute (those of the sign-in too); throws DvcError('config') when one
 * is malformed. `<dvc-portal>` and the elements that hold the sign-in read their attributes so.
 */
export function parseConfig(attrs: ConfigAttributes): PortalConfig {
  const storage = attrs.storage ?? 'session';
  if (storage !== 'session' && storage !== 'memory') {
    throw new DvcError('config', `storage must be "session" or "memory", not "${storage}"`);
  }
  const config = parseDataConfig(attrs);
  config.storage = storage;
  if (attrs.redirectUri) config.redirectUri = httpUrl(attrs.redirectUri, 'redirect-uri');
  config.scope = attrs.scope?.trim() || config.scope;
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
  if (!attrs.api && config.backend) config.api = `${config.backend}/api`;
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
