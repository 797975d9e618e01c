import { localized, translator, type Catalogue } from '../../i18n/index.js';

/**
 * Strings of `<dvc-profile-sync>` signed out or loading; the signed-in panel's are in
 * profile-view.messages.ts, shared ones (retry, no data, loading) in `common`.
 */
const vi = {
  heading: 'Thông tin định danh',
  signedOut: 'Vui lòng đăng nhập để xem thông tin định danh.',
  loading: 'Đang tải thông tin định danh…',
};

export type MessageKey = keyof typeof vi;

export const messages = /* @__PURE__ */ localized({
  vi,
  en: {
    heading: 'Identity information',
    signedOut: 'Please sign in to see your identity information.',
    loading: 'Loading identity information…',
  },
} satisfies Catalogue<MessageKey>);

/** A message with `{name}` placeholders filled in. */
export const msg = translator(messages);
