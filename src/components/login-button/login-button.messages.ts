import { localized, type Catalogue } from '../../i18n/index.js';

/** The strings of `<dvc-login-button>` (sign-in, signing in and retry come from `common`). */
export const messages = /* @__PURE__ */ localized({
  vi: {
    profile: 'Thông tin cá nhân',
    switchAccount: 'Đăng nhập bằng tài khoản khác',
    logout: 'Đăng xuất',
    vneid: 'VNeID',
    signedInAs: 'Đã đăng nhập:',
  },
  en: {
    profile: 'Personal information',
    switchAccount: 'Sign in with another account',
    logout: 'Sign out',
    vneid: 'VNeID',
    signedInAs: 'Signed in:',
  },
} satisfies Catalogue<string>);
