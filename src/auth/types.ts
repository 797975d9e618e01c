import type { DvcError } from '../internal/errors.js';

export type StorageMode = 'session' | 'memory';

/** What `<dvc-portal>` (or a widget outside one) is configured with. */
export interface PortalConfig {
  /** OpenID issuer URL, exactly as the provider's discovery document spells it. */
  issuer?: string;
  clientId?: string;
  /** Defaults to the page URL without query or fragment. */
  redirectUri: string;
  postLogoutRedirectUri?: string;
  /** Default `openid profile`. */
  scope: string;
  /** Dossier API base URL. */
  api?: string;
  storage: StorageMode;
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

/**
 * The one shared sign-in session of a page (per issuer and client id).
 * Dispatches `change` whenever `state` changes. Tokens never leave it except through
 * `accessToken()` for the dossier API's Bearer header.
 */
export interface SessionLike extends EventTarget {
  readonly config: PortalConfig;
  readonly state: SessionState;
  /** The access token while it is valid, else undefined. */
  accessToken(): string | undefined;
  /** Starts the authorization request (navigates away). */
  login(options?: { prompt?: 'login' }): Promise<void>;
  /** Clears the session here and in other tabs, then RP-initiated logout when the provider has it. */
  logout(): Promise<void>;
  /** RP-initiated logout, then a new authorization request with prompt=login. */
  switchAccount(): Promise<void>;
  /** Completes a sign-in when the URL carries an authorization response; cleans the address bar. */
  completeSignIn(url?: string): Promise<void>;
  /** Called when the API answers 401: the session is over (`session_expired`). */
  expire(): void;
}
