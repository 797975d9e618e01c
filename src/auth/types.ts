import type { DvcError } from '../internal/errors.js';

export type StorageMode = 'session' | 'memory';

/** What `<dvc-portal>` (or a widget outside one) is configured with. */
export interface PortalConfig {
  /**
   * Backend mode: the absolute URL (this page's origin) where the site's server mounts
   * `dvc-widgets/server`, e.g. `https://agency.example/auth`, no trailing slash. When set, the server
   * is the OpenID client: `issuer`, `clientId`, `redirectUri`, `scope` and `storage` are not used.
   */
  backend?: string;
  /** OpenID issuer URL, exactly as the provider's discovery document spells it. */
  issuer?: string;
  clientId?: string;
  /** Defaults to the page URL without query or fragment. */
  redirectUri: string;
  postLogoutRedirectUri?: string;
  /** Default `openid profile`. */
  scope: string;
  /** Dossier API base URL; in backend mode `${backend}/api` unless set. */
  api?: string;
  storage: StorageMode;
  /** DPoP (RFC 9449) when the provider offers it (attribute `dpop`). */
  dpop?: boolean;
  /** Network timeout in milliseconds (attribute `timeout` is in seconds). */
  timeout: number;
}

/** The normalised citizen, from standard OIDC claims and the national portal's claims. */
export interface User {
  sub: string;
  /** Họ và tên (`name` or `HoVaTen`). */
  name?: string;
  /** 12-digit số định danh / CCCD (`SoDinhDanh`). */
  idNumber?: string;
  /** Old 9-digit CMND (`SoCMND`). */
  legacyIdNumber?: string;
  /** ISO date yyyy-MM-dd (`birthdate`, or `NgayThangNamSinh` as yyyyMMdd). */
  birthDate?: string;
  /** `phone_number` or `SoDienThoai`. */
  phone?: string;
  /** 'male' | 'female' | other text as given (`gender`, `GioiTinh`). */
  gender?: string;
  /** `loginIdp`: "BCA" means VNeID. */
  idp?: string;
  /** True when the citizen signed in with VNeID (loginIdp "BCA"). */
  vneid: boolean;
  /** `LoaiTaiKhoan`: 1 citizen, 2 business, 3 organisation. */
  accountType?: 1 | 2 | 3;
  /** Every claim as received (ID token, then userinfo), for agencies that need more. */
  claims: Record<string, unknown>;
}

export type SessionStatus = 'signed-out' | 'busy' | 'signed-in' | 'error';

export interface SessionState {
  status: SessionStatus;
  user?: User;
  error?: DvcError;
  /**
   * Signed in, but something the citizen may want to know went wrong on the way: `userinfo_mismatch`
   * (the userinfo answer was about someone else and was ignored; the user comes from the ID token alone).
   */
  warning?: DvcError;
  /** Signed in from the tab's storage on page load, not by a sign-in that just completed. */
  restored?: boolean;
}

/** How one dossier API request is authorised. Never exposes a token to an element. */
export interface ApiAccess {
  /** Headers to add: {authorization: 'Bearer …'} (browser mode), {authorization: 'DPoP …', dpop: '<proof>'}
   *  (browser mode with DPoP), {'x-dvc-request': '1'} (backend mode: the cookie carries the session). */
  headers: Record<string, string>;
  /** 'same-origin' in backend mode (the HttpOnly session cookie), 'omit' otherwise. */
  credentials: 'omit' | 'same-origin';
}

/** The request `apiAccess` authorises. */
export interface ApiRequest {
  method: string;
  url: string;
}

/**
 * The one shared sign-in session of a page: browser mode (per issuer and client id) or backend
 * mode (per backend URL). Dispatches `change` whenever `state` changes. No token ever leaves it:
 * API requests are authorised through `apiAccess()`.
 */
export interface SessionLike extends EventTarget {
  readonly config: PortalConfig;
  readonly state: SessionState;
  /**
   * Authorises one API request. Browser mode renews an expired (or nearly expired) access token first
   * and signs a DPoP proof when DPoP is on; backend mode answers the X-DVC-Request header and the cookie.
   * Resolves undefined when nobody is signed in (or renewal failed: the state then says why). Never rejects.
   */
  apiAccess(request: ApiRequest): Promise<ApiAccess | undefined>;
  /** Starts the sign-in (navigates away). */
  login(options?: { prompt?: 'login' }): Promise<void>;
  /**
   * The citizen is about to sign in (points at the sign-in button, or focuses it): starts loading
   * what `login()` needs, so that the click does not wait for it. Optional; never fails.
   */
  prepare?(): void;
  /** Clears the session here and in other tabs, then RP-initiated logout when the provider has it. */
  logout(): Promise<void>;
  /** RP-initiated logout, then a new sign-in with prompt=login. */
  switchAccount(): Promise<void>;
  /** Completes a sign-in when the URL carries an authorization response (backend mode: a `dvc_error`); cleans the address bar. */
  completeSignIn(url?: string): Promise<void>;
  /** The API answered 401 to an authorised request: the session is over (`session_expired`). */
  expire(): void;
}
