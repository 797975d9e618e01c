import type { Catalogue } from '../../i18n/index.js';

/** Strings of `<dvc-otp-input>`; `{name}` placeholders are filled by `fill()`. */
export const messages = {
  vi: {
    label: 'Mã OTP',
    sentTo: 'Mã OTP đã được gửi đến số điện thoại {phone}',
    expiresIn: 'Mã hết hạn sau {time}',
    expired: 'Mã OTP đã hết hạn. Vui lòng gửi lại mã.',
    resend: 'Gửi lại mã',
    resendIn: 'sau {seconds} giây',
    resendReady: 'Bạn có thể gửi lại mã.',
    attemptsLeft: 'Còn {n} lần thử',
    invalid: 'Mã OTP không đúng.',
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
    expired: 'The code has expired. Please send a new one.',
    resend: 'Send a new code',
    resendIn: 'in {seconds} s',
    resendReady: 'You can now send a new code.',
    attemptsLeft: '{n} attempts left',
    invalid: 'The code is not correct.',
    locked: 'You entered a wrong code more than {n} times. The code is locked; please try again later.',
    digitsOnly: 'The code has digits only; other characters were left out.',
    valueMissing: 'Please enter the code.',
    tooShort: 'The code has {n} digits.',
    patternMismatch: 'The code has {n} digits only.',
  },
} satisfies Catalogue<string>;

export type OtpMessage = keyof (typeof messages)['vi'];

/** Puts values into a message's `{name}` placeholders. */
export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => (key in values ? String(values[key]) : whole));
}
