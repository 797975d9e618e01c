// The page's address and the tab's storage, as the sessions read them. page-session.ts asks them,
// before the browser-mode session's code has loaded, whether the tab keeps a session, continues a
// switch of account, or the address carries an authorization response: a page with none of these
// is signed out, and loads that code only when the citizen is about to sign in.

/** The tab's sessionStorage, or undefined when the browser refuses it (privacy modes, sandboxed frames). */
export function tabStorage(): Storage | undefined {
  try {
    const storage = window.sessionStorage;
    return storage ?? undefined;
  } catch {
    return undefined;
  }
}

/** The JSON value stored under `key`, or undefined when it is missing or damaged. */
export function readJson(storage: Storage | undefined, key: string): unknown {
  try {
    return JSON.parse(storage?.getItem(key) ?? 'null') ?? undefined;
  } catch {
    return undefined;
  }
}

export const SESSION_PREFIX = 'dvc:session:';

/** The sessionStorage key of one issuer and client id. */
export const sessionKey = (issuer: string, clientId: string) => `${SESSION_PREFIX}${issuer} ${clientId}`;

/** Whether the tab keeps a browser-mode session, of any issuer and client id. */
export function keepsSession(): boolean {
  const storage = tabStorage();
  return !!storage && Object.keys(storage).some((key) => key.startsWith(SESSION_PREFIX));
}

/** The channel on which tabs of the page's origin tell each other about sign-in and sign-out. */
export const CHANNEL_NAME = 'dvc-session';

/** sessionStorage marker: a switch of account is under way (logout done, sign-in with prompt=login next). */
export const SWITCH_KEY = 'dvc:switch';

/** Whether the query carries an authorization response (a code or an error; callback.ts reads it). */
export const carriesResponse = (params: URLSearchParams) => params.has('code') || params.has('error');

/** The parameters an authorization response adds to the redirect URI (RFC 6749, RFC 9207, OIDC session management). */
export const RESPONSE_PARAMS = ['code', 'state', 'iss', 'error', 'error_description', 'error_uri', 'session_state'];

/** Removes the authorization response (or the other `params` given) from the address bar, keeping other parameters and the hash. */
export function cleanAddressBar(params: readonly string[] = RESPONSE_PARAMS): void {
  const url = new URL(location.href);
  if (!params.some((name) => url.searchParams.has(name))) return;
  for (const name of params) url.searchParams.delete(name);
  history.replaceState(history.state, '', url.href);
}
