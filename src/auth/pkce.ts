import { DvcError } from '../internal/errors.js';

/** RFC 4648 §5 base64url without padding. */
export function base64url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function webCrypto(): Crypto {
  // crypto.subtle only exists in a secure context (https, or http on localhost).
  if (!globalThis.crypto?.subtle) throw new DvcError('config', 'Signing in needs a secure page (https)');
  return globalThis.crypto;
}

/** `bytes` random bytes as base64url: 32 bytes (256 bits) for state, nonce and the PKCE verifier. */
export function randomToken(bytes = 32): string {
  return base64url(webCrypto().getRandomValues(new Uint8Array(bytes)));
}

/** The PKCE S256 code challenge: base64url(SHA-256(verifier)). */
export async function s256(verifier: string): Promise<string> {
  const digest = await webCrypto().subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return base64url(new Uint8Array(digest));
}
