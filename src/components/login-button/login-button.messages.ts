import { common, type Catalogue } from '../../i18n/index.js';

/** The strings of `<dvc-login-button>` (the sign-in label and retry come from `common`). */
export const messages = {
  vi: {
    signIn: common.vi.signIn,
    retry: common.vi.retry,
    busy: 'Đang đăng nhập…',
    menu: 'Tài khoản',
    profile: 'Thông tin cá nhân',
    switchAccount: 'Đăng nhập bằng tài khoản khác',
    logout: 'Đăng xuất',
    vneid: 'VNeID',
    vneidHint: 'Đăng nhập bằng định danh điện tử',
    signedInAs: 'Đã đăng nhập:',
  },
  en: {
    signIn: common.en.signIn,
    retry: common.en.retry,
    busy: 'Signing in…',
    menu: 'Account',
    profile: 'Personal information',
    switchAccount: 'Sign in with another account',
    logout: 'Sign out',
    vneid: 'VNeID',
    vneidHint: 'Signed in with electronic identification',
    signedInAs: 'Signed in:',
  },
} satisfies Catalogue<string>;
