/** The parameters an authorization response adds to the redirect URI (RFC 6749, RFC 9207, OIDC session management). */
export const RESPONSE_PARAMS = ['code', 'state', 'iss', 'error', 'error_description', 'error_uri', 'session_state'];

export interface AuthorizationResponse {
  code?: string;
  state?: string;
  iss?: string;
  error?: string;
  errorDescription?: string;
}

/** The authorization response carried by `url` (in its query), or undefined when it carries none. */
export function readAuthorizationResponse(url: string): AuthorizationResponse | undefined {
  let params: URLSearchParams;
  try {
    params = new URL(url, location.href).searchParams;
  } catch {
    return undefined;
  }
  if (!params.has('code') && !params.has('error')) return undefined;
  const response: AuthorizationResponse = {};
  const code = params.get('code');
  const state = params.get('state');
  const iss = params.get('iss');
  const error = params.get('error');
  const description = params.get('error_description');
  if (code !== null) response.code = code;
  if (state !== null && state !== '') response.state = state;
  if (iss !== null) response.iss = iss;
  if (error !== null) response.error = error;
  if (description !== null) response.errorDescription = description;
  return response;
}

/** Removes the authorization response (or the other `params` given) from the address bar, keeping other parameters and the hash. */
export function cleanAddressBar(params: readonly string[] = RESPONSE_PARAMS): void {
  const url = new URL(location.href);
  if (!params.some((name) => url.searchParams.has(name))) return;
  for (const name of params) url.searchParams.delete(name);
  history.replaceState(history.state, '', url.href);
}
