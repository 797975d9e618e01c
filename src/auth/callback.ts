import { carriesResponse } from './page-state.js';

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
  if (!carriesResponse(params)) return undefined;
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
