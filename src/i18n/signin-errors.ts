import { addErrors, localized, type ErrorCatalogue } from './index.js';

// The messages of a sign-in's failures (PRODUCT.md error codes). Imported by the sessions' code
// (session.ts, backend-session.ts), which alone fails with them: a signed-out page that has not
// loaded it shows none of them, and does not download them.

/** The sign-in's failures. */
export const signInErrors = /* @__PURE__ */ localized({
  vi: {
    state_mismatch: 'Phiên đăng nhập không khớp hoặc đã được dùng. Vui lòng đăng nhập lại.',
    issuer_mismatch: 'Phản hồi đăng nhập không đến từ máy chủ xác thực đã cấu hình.',
    authorization_denied: 'Đăng nhập không thành công hoặc đã bị hủy.',
    id_token_invalid: 'Không xác minh được thông tin đăng nhập. Vui lòng đăng nhập lại.',
    nonce_mismatch: 'Thông tin đăng nhập không thuộc phiên này. Vui lòng đăng nhập lại.',
    userinfo_mismatch: 'Thông tin người dùng không khớp với tài khoản đăng nhập.',
  },
  en: {
    state_mismatch: 'The sign-in response does not match this session or was already used. Please sign in again.',
    issuer_mismatch: 'The sign-in response did not come from the configured identity provider.',
    authorization_denied: 'Sign-in did not succeed or was cancelled.',
    id_token_invalid: 'The sign-in could not be verified. Please sign in again.',
    nonce_mismatch: 'The sign-in does not belong to this session. Please sign in again.',
    userinfo_mismatch: 'The user information does not match the signed-in account.',
  },
} satisfies ErrorCatalogue);

addErrors(signInErrors);
