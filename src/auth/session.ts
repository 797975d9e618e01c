// Placeholder with the final signature; the OpenID client replaces it.
import type { PortalConfig, SessionLike } from './types.js';

export function getSession(_config: PortalConfig & { issuer: string; clientId: string }): SessionLike {
  throw new Error('not implemented');
}
