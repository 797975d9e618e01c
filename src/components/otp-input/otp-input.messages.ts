import { localized, type Catalogue } from '../../i18n/index.js';

/** Strings of `<dvc-otp-input>` (a wrong or expired code is said by the `otp_invalid` and `otp_expired` error messages); `{name}` placeholders are filled by i18n's `fill()`. */
export const messages = /* @__PURE__ */ localized({
  vi: {
    label: 'Mã OTP',
    sentTo: 'Mã OTP đã được gửi đến số điện thoại {phone}',
    expiresIn: 'Mã hết hạn sau {time}',
    resend: 'Gửi lại mã',
    resendIn: 'sau {seconds} giây',
    resendReady: 'Bạn có thể gửi lại mã.',
    attemptsLeft: 'Còn {n} lần thử',
    locked: 'Bạn đã nhập sai quá {n} lần. Mã OTP đã bị khóa, vui lòng thử lại sau.',
    digitsOnly: 'Mã OTP chỉ gồm chữ số; các ký tự khác đã được bỏ qua.',
    valueMissing: 'Vui lòng nhập mã OTP.',
    tooShort: 'Mã OTP gồm {n} chữ số.',
    patternMismatch: 'Mã OTP chỉ gồm {n} chữ số.',
  },
  en: {
    label: 'One-time code',
    sentTo: 'The code was sent to the phone number {phone}',
    expiresIn: 'The code expires in {time}',
    resend: 'Send a new code',
    resendIn: 'in {seconds} s',
    resendReady: 'You can now send a new code.',
    attemptsLeft: '{n} attempts left',
    locked: 'You entered a wrong code more than {n} times. The code is locked; please try again later.',
    digitsOnly: 'The code has digits only; other characters were left out.',
    valueMissing: 'Please enter the code.',
    tooShort: 'The code has {n} digits.',
    patternMismatch: 'The code has {n} digits only.',
  },
} satisfies Catalogue<string>);

export type OtpMessage = keyof (typeof messages)['vi'];
