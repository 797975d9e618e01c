import { localized, type Catalogue } from '../../i18n/index.js';

/** Strings of `<dvc-process-steps>` (the seed's "QUY TRÌNH THỰC HIỆN NỘP HỒ SƠ QUA MẠNG"). */
const vi = {
  title: 'QUY TRÌNH THỰC HIỆN NỘP HỒ SƠ QUA MẠNG',
  step1: 'Đăng nhập',
  step2: 'Chọn thủ tục',
  step3: 'Khai báo HS',
  step4: 'Tra cứu kết quả',
  step5: 'Nhận kết quả',
  stepNumber: 'Bước {n}',
  completed: 'Đã xong',
  current: 'Đang thực hiện',
  upcoming: 'Chưa thực hiện',
};


export const messages = /* @__PURE__ */ localized({
  vi,
  en: {
    title: 'HOW TO APPLY ONLINE',
    step1: 'Sign in',
    step2: 'Choose a procedure',
    step3: 'Fill in the application',
    step4: 'Look up the result',
    step5: 'Receive the result',
    stepNumber: 'Step {n}',
    completed: 'Done',
    current: 'In progress',
    upcoming: 'Not started',
  },
} satisfies Catalogue<keyof typeof vi>);
