import type { Catalogue } from './i18n/index.js';

/** What an element shows when its code could not be downloaded (the loader's only strings: it
 * stands alone, without the i18n module every element shares). */
export const messages = {
  vi: {
    failed: 'Không tải được tiện ích này. Vui lòng kiểm tra kết nối mạng rồi thử lại.',
    retrying: 'Đang tải lại…',
    retry: 'Thử lại',
  },
  en: {
    failed: 'This widget could not be loaded. Check your connection and try again.',
    retrying: 'Loading again…',
    retry: 'Retry',
  },
} satisfies Catalogue<'failed' | 'retrying' | 'retry'>;
