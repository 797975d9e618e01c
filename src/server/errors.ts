// What went wrong on the way, as the browser mode's error codes (PRODUCT.md "Error codes"), so
// a failed backend sign-in shows the same message as a failed browser sign-in.
import * as oidc from 'openid-client';
import type { ErrorCode } from '../internal/errors.js';

function causeOf(error: unknown): { message: string; claim?: unknown; attribute?: unknown } {
  let message = error instanceof Error ? error.message : String(error);
  let detail: unknown;
  if (error instanceof oidc.ClientError && error.cause instanceof Error) {
    message = error.cause.message;
    detail = error.cause.cause;
  } else if (error instanceof Error) {
    detail = error.cause;
  }
  const record = typeof detail === 'object' && detail !== null ? (detail as Record<string, unknown>) : {};
  return { message, claim: record.claim, attribute: record.attribute };
}

/**
 * The code of an error thrown by openid-client (or fetch) during `stage`: the authorization
 * response and token request (`callback`), userinfo, or any other provider call.
 */
export function errorCode(error: unknown, stage: 'callback' | 'userinfo' | 'other'): ErrorCode {
  if (error instanceof oidc.AuthorizationResponseError) return 'authorization_denied';
  if (error instanceof oidc.ResponseBodyError) return 'http';
  if (error instanceof DOMException && (error.name === 'TimeoutError' || error.name === 'AbortError')) return 'timeout';
  if (error instanceof TypeError) return 'network';
  if (!(error instanceof oidc.ClientError)) return 'invalid_response';
  const { message, claim, attribute } = causeOf(error);
  switch (error.code) {
    case 'OAUTH_TIMEOUT':
      return 'timeout';
    case 'OAUTH_RESPONSE_IS_NOT_CONFORM':
      return 'http';
    case 'OAUTH_JWT_CLAIM_COMPARISON_FAILED':
      return claim === 'nonce' ? 'nonce_mismatch' : 'id_token_invalid';
    case 'OAUTH_JSON_ATTRIBUTE_COMPARISON_FAILED':
      return attribute === 'sub' && stage === 'userinfo' ? 'userinfo_mismatch' : 'invalid_response';
    case 'OAUTH_JWT_TIMESTAMP_CHECK_FAILED':
    case 'OAUTH_KEY_SELECTION_FAILED':
      return stage === 'callback' ? 'id_token_invalid' : 'invalid_response';
    case 'OAUTH_INVALID_RESPONSE':
      if (/"iss" \(issuer\)/.test(message) && /response parameter/.test(message)) return 'issuer_mismatch';
      if (/"state"/.test(message)) return 'state_mismatch';
      if (stage === 'callback' && /ID Token|JWT|JWS/.test(message)) return 'id_token_invalid';
      return 'invalid_response';
    default:
      return 'invalid_response';
  }
}
