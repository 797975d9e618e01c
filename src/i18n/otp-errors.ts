import { localized, type ErrorCatalogue } from './index.js';

/** The messages of the one-time code's failures, for the code entry and the sign-in form. */
export const otpErrors = /* @__PURE__ */ localized({
  vi: {
    otp_invalid: 'Mã OTP không đúng.',
    otp_expired: 'Mã OTP đã hết hạn. Vui lòng gửi lại mã.',
    otp_locked: 'Bạn đã nhập sai quá số lần cho phép. Vui lòng thử lại sau.',
  },
  en: {
    otp_invalid: 'The code is not correct.',
    otp_expired: 'The code has expired. Please send a new one.',
    otp_locked: 'Too many wrong attempts. Please try again later.',
  },
} satisfies ErrorCatalogue);
