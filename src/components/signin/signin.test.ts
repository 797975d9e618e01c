import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { ManualClock } from '../../controllers/countdown.js';
import type { DvcErrorEvent } from '../../events/error.js';
import { deferred, json, stubFetch, type FetchStub, type StubRequest } from '../../testing/fetch-stub.js';
import type { DvcOtpInput } from '../otp-input/otp-input.js';
import './signin.js';
import type { DvcSignin } from './signin.js';

const ACTION = '/interaction/abc123';
const ID = '045090001234';
const PASSWORD = 'Demo@2023';

const $ = <T extends Element = HTMLElement>(el: DvcSignin, selector: string) => el.shadowRoot!.querySelector<T>(selector);
const heading = (el: DvcSignin) => $(el, '[part="heading"]')!;
const textOf = (node: Element | null | undefined) => node?.textContent?.replace(/\s+/g, ' ').trim();
const otpOf = (el: DvcSignin) => $<DvcOtpInput>(el, 'dvc-otp-input')!;
const otpText = (el: DvcSignin, part: string) => textOf(otpOf(el).shadowRoot!.querySelector(`[part="${part}"]`));
const bodyOf = (request: StubRequest) => JSON.parse(String(request.body));

/** Records `dvc-error` details. */
function errors(el: HTMLElement) {
  const list: DvcErrorEvent['detail'][] = [];
  el.addEventListener('dvc-error', (e) => list.push(e.detail));
  return list;
}

function challenge(clock: ManualClock, overrides: Record<string, unknown> = {}) {
  return { otp: { maskedPhone: '******123', expiresAt: new Date(clock.now() + 300_000).toISOString(), resendAfter: 60, attemptsLeft: 5, ...overrides } };
}

async function setup(handler: (request: StubRequest) => Response | Promise<Response>, options: { lang?: string } = {}) {
  const clock = new ManualClock();
  clockRef = clock;
  stub = stubFetch(handler);
  const navigations: string[] = [];
  const el = await fixture<DvcSignin>(
    html`<dvc-signin action=${ACTION} lang=${options.lang ?? 'vi'} .clock=${clock} .navigate=${(url: string) => navigations.push(url)}></dvc-signin>`,
  );
  return { el, clock, navigations };
}

async function chooseVneid(el: DvcSignin) {
  $<HTMLButtonElement>(el, 'button[value="vneid"]')!.click();
  await el.updateComplete;
}

async function fillCredentials(el: DvcSignin, id = ID, password = PASSWORD) {
  const idInput = $<HTMLInputElement>(el, '#id-number')!;
  idInput.value = id;
  idInput.dispatchEvent(new Event('input'));
  const pw = $<HTMLInputElement>(el, '#password')!;
  pw.value = password;
  pw.dispatchEvent(new Event('input'));
  await el.updateComplete;
}

async function submit(el: DvcSignin) {
  $<HTMLButtonElement>(el, '[part="submit"]')!.click();
  await el.updateComplete;
}

/** Up to the OTP step, with the given answer to the credentials. */
async function toOtpStep(handler: (request: StubRequest) => Response | Promise<Response>) {
  const ctx = await setup(handler);
  await chooseVneid(ctx.el);
  await fillCredentials(ctx.el);
  await submit(ctx.el);
  await waitUntil(() => otpOf(ctx.el), 'OTP step shown');
  await ctx.el.updateComplete;
  await otpOf(ctx.el).updateComplete;
  return ctx;
}

async function typeCode(el: DvcSignin, code: string) {
  const otp = otpOf(el);
  otp.focus();
  await sendKeys({ type: code });
  await otp.updateComplete;
}

let stub: FetchStub | undefined;
/** The clock of the element under test, for answers built inside fetch handlers. */
let clockRef: ManualClock | undefined;

describe('<dvc-signin>', () => {
  afterEach(() => {
    stub?.restore();
    stub = undefined;
  });

  describe('step 1: account type', () => {
    it("offers the seed's two account types and marks step 1 of 4", async () => {
      const { el } = await setup(() => json({}));
      const choices = Array.from(el.shadowRoot!.querySelectorAll('[part="account-button"]')).map(textOf);
      expect(choices).to.deep.equal(['Tài khoản cấp bởi Cổng DVC quốc gia', 'Tài khoản Định danh điện tử cấp bởi Bộ Công an']);
      expect(textOf(el.shadowRoot!.querySelector('[aria-current="step"]'))).to.contain('Chọn loại tài khoản');
      expect(textOf($(el, '.step-count'))).to.equal('Bước 1/4');
      await expect(el).to.be.accessible();
    });

    it('moves to step 2 and focuses its heading', async () => {
      const { el } = await setup(() => json({}));
      await chooseVneid(el);
      expect(textOf(heading(el))).to.equal('Đăng nhập bằng tài khoản Định danh điện tử');
      expect(el.shadowRoot!.activeElement).to.equal(heading(el));
      expect(textOf(el.shadowRoot!.querySelector('[aria-current="step"]'))).to.contain('Số định danh và mật khẩu');
      expect(stub!.calls).to.have.length(0);
    });

    it('speaks English', async () => {
      const { el } = await setup(() => json({}), { lang: 'en' });
      expect(textOf($(el, '[part="account-button"]'))).to.equal('Account issued by the National Public Service Portal');
      expect(textOf(heading(el))).to.equal('Choose the account to sign in with');
    });
  });

  describe('step 2: ID number and password', () => {
    it('shows the fields with labels; the password can be shown and hidden', async () => {
      const { el } = await setup(() => json({}));
      await chooseVneid(el);
      const id = $<HTMLInputElement>(el, '#id-number')!;
      const pw = $<HTMLInputElement>(el, '#password')!;
      expect(textOf(id.labels![0])).to.equal('Số CCCD/Số định danh');
      expect(textOf(pw.labels![0])).to.equal('Mật khẩu');
      expect(id.autocomplete).to.equal('username');
      expect(pw.type).to.equal('password');
      const toggle = $<HTMLButtonElement>(el, 'button[aria-controls="password"]')!;
      toggle.click();
      await el.updateComplete;
      expect(pw.type).to.equal('text');
      expect(toggle.getAttribute('aria-pressed')).to.equal('true');
      expect(textOf($(el, '[part="submit"]'))).to.equal('Đăng nhập');
      await expect(el).to.be.accessible();
    });

    it('validation errors: shown in place, tied to the fields, focus on the first, nothing sent', async () => {
      const { el } = await setup(() => json({}));
      await chooseVneid(el);
      await submit(el);
      await el.updateComplete;
      const id = $<HTMLInputElement>(el, '#id-number')!;
      expect(id.getAttribute('aria-invalid')).to.equal('true');
      expect(id.getAttribute('aria-describedby')).to.contain('id-number-error');
      expect(textOf($(el, '#id-number-error'))).to.equal('Vui lòng nhập số CCCD/số định danh.');
      expect(textOf($(el, '#password-error'))).to.equal('Vui lòng nhập mật khẩu.');
      expect($(el, '#password')!.getAttribute('aria-describedby')).to.equal('password-error');
      expect(el.shadowRoot!.activeElement).to.equal(id);
      expect(stub!.calls).to.have.length(0);
      await expect(el).to.be.accessible();

      const cases: Array<[string, string]> = [
        ['04509000123', 'Số CCCD/số định danh gồm 12 chữ số.'],
        ['04509000123x', 'Số CCCD/số định danh chỉ gồm chữ số.'],
        ['045790001234', 'Số CCCD/số định danh không hợp lệ: chữ số thứ 4 chỉ từ 0 đến 5.'],
        ['045499001234', 'Số CCCD/số định danh không hợp lệ: năm sinh (chữ số 5-6) ở tương lai.'],
      ];
      for (const [value, message] of cases) {
        await fillCredentials(el, value);
        await submit(el);
        expect(textOf($(el, '#id-number-error')), value).to.equal(message);
        expect($(el, '#password-error')).to.equal(null);
      }
      expect(stub!.calls).to.have.length(0);
      await fillCredentials(el, ID);
      expect($(el, '#id-number-error'), 'fixed as it is typed').to.equal(null);
      expect(id.getAttribute('aria-invalid')).to.equal('false');
    });

    it('an unknown province code is a warning: the number is still sent', async () => {
      const { el, clock } = await setup(() => json(challenge(clock)));
      await chooseVneid(el);
      await fillCredentials(el, '003090001234');
      await submit(el);
      expect(stub!.calls).to.have.length(1);
    });

    it('sends {accountType, idNumber, password} as JSON to {action}/credentials with the interaction cookie', async () => {
      const { el, clock } = await setup(() => json(challenge(clock)));
      await chooseVneid(el);
      await fillCredentials(el, '045 090 001234');
      await submit(el);
      const [request] = stub!.calls;
      expect(request.method).to.equal('POST');
      expect(request.url.pathname).to.equal(`${ACTION}/credentials`);
      expect(request.credentials).to.equal('same-origin');
      expect(request.headers.get('content-type')).to.equal('application/json');
      expect(bodyOf(request)).to.deep.equal({ accountType: 'vneid', idNumber: ID, password: PASSWORD });
    });

    it('the portal account type is sent as dvcqg', async () => {
      const { el, clock } = await setup(() => json(challenge(clock)));
      $<HTMLButtonElement>(el, 'button[value="dvcqg"]')!.click();
      await el.updateComplete;
      expect(textOf(heading(el))).to.equal('Đăng nhập bằng tài khoản Cổng DVC quốc gia');
      await fillCredentials(el);
      await submit(el);
      expect(bodyOf(stub!.calls[0]).accountType).to.equal('dvcqg');
    });

    it('server error (401): said in place, dvc-error fired, nothing typed is lost', async () => {
      const { el } = await setup(() => json({ error: 'invalid_credentials', message: 'Sai thông tin' }, 401));
      const reported = errors(el);
      await chooseVneid(el);
      await fillCredentials(el);
      await submit(el);
      await waitUntil(() => textOf($(el, '#step-error')), 'error shown');
      expect(textOf($(el, '#step-error'))).to.equal('Số CCCD/số định danh hoặc mật khẩu không đúng.');
      expect($(el, '#step-error')!.getAttribute('aria-live')).to.equal('polite');
      expect($<HTMLInputElement>(el, '#id-number')!.value).to.equal(ID);
      expect($<HTMLInputElement>(el, '#password')!.value).to.equal(PASSWORD);
      expect(reported).to.deep.equal([{ code: 'http', status: 401, message: 'Số CCCD/số định danh hoặc mật khẩu không đúng.' }]);
      expect(textOf($(el, '.failure button')), 'no retry for wrong credentials').to.equal(undefined);
      await expect(el).to.be.accessible();
    });

    it('network failure: message with "Thử lại", which sends again', async () => {
      let calls = 0;
      const { el, clock } = await setup(() => {
        calls++;
        if (calls === 1) throw new TypeError('Failed to fetch');
        return json(challenge(clock));
      });
      const reported = errors(el);
      await chooseVneid(el);
      await fillCredentials(el);
      await submit(el);
      await waitUntil(() => textOf($(el, '#step-error')), 'error shown');
      expect(textOf($(el, '#step-error'))).to.equal('Không kết nối được máy chủ. Vui lòng kiểm tra kết nối mạng rồi thử lại.');
      expect(reported[0].code).to.equal('network');
      const retry = $<HTMLButtonElement>(el, '.failure button')!;
      expect(textOf(retry)).to.equal('Thử lại');
      await expect(el).to.be.accessible();
      retry.click();
      await waitUntil(() => otpOf(el), 'OTP step after retry');
      expect(calls).to.equal(2);
    });

    it('429: asks to wait, counts down, and sends nothing until the wait is over', async () => {
      const { el, clock } = await setup(() =>
        stub!.calls.length === 1 ? json({ error: 'rate_limited' }, 429, { 'retry-after': '30' }) : json(challenge(clock)),
      );
      await chooseVneid(el);
      await fillCredentials(el);
      await submit(el);
      await waitUntil(() => textOf($(el, '#step-error')), 'error shown');
      expect(textOf($(el, '#step-error'))).to.equal('Bạn đã thử quá nhiều lần.');
      expect(textOf($(el, '.wait'))).to.equal('Vui lòng thử lại sau 00:30.');
      expect($(el, '[part="submit"]')!.getAttribute('aria-disabled')).to.equal('true');
      await submit(el);
      expect(stub!.calls).to.have.length(1);
      clock.advance(30_000);
      await el.updateComplete;
      expect(textOf($(el, '#step-error'))).to.equal('');
      expect($(el, '[part="submit"]')!.getAttribute('aria-disabled')).to.equal('false');
      await submit(el);
      expect(stub!.calls).to.have.length(2);
    });

    // The server's refusals that say how long to wait (issue 11): each in its own words, in both
    // languages, with the countdown; the step waits, and what the citizen typed stays.
    for (const { name, status, body, vi, en } of [
      {
        name: '429 too_many_codes',
        status: 429,
        body: { error: 'too_many_codes', retryAfter: 2400 },
        vi: 'Tài khoản này đã được gửi quá nhiều mã OTP trong một giờ.',
        en: 'Too many codes have been sent to this account in the last hour.',
      },
      {
        name: '503 busy',
        status: 503,
        body: { error: 'busy', retryAfter: 2 },
        vi: 'Hệ thống đang bận.',
        en: 'The service is busy.',
      },
    ]) {
      for (const lang of ['vi', 'en'] as const) {
        it(`${name} (${lang}): says which limit, counts down, keeps the ID number and password, sends nothing until then`, async () => {
          const { el, clock } = await setup(() => (stub!.calls.length === 1 ? json(body, status) : json(challenge(clock))), { lang });
          const reported = errors(el);
          await chooseVneid(el);
          await fillCredentials(el);
          await submit(el);
          await waitUntil(() => textOf($(el, '#step-error')), 'error shown');
          expect(textOf($(el, '#step-error'))).to.equal(lang === 'vi' ? vi : en);
          const time = body.retryAfter >= 60 ? `${String(body.retryAfter / 60).padStart(2, '0')}:00` : `00:${String(body.retryAfter).padStart(2, '0')}`;
          expect(textOf($(el, '.wait'))).to.equal(lang === 'vi' ? `Vui lòng thử lại sau ${time}.` : `Please try again in ${time}.`);
          expect(reported).to.have.length(1);
          expect(reported[0]).to.include({ code: 'http', status, message: lang === 'vi' ? vi : en });
          expect($<HTMLInputElement>(el, '#id-number')!.value).to.equal(ID);
          expect($<HTMLInputElement>(el, '#password')!.value).to.equal(PASSWORD);
          expect($(el, '[part="submit"]')!.getAttribute('aria-disabled')).to.equal('true');
          await expect(el).to.be.accessible();
          await submit(el);
          expect(stub!.calls).to.have.length(1);
          clock.advance(body.retryAfter * 1000);
          await el.updateComplete;
          expect(textOf($(el, '#step-error'))).to.equal('');
          await submit(el);
          expect(stub!.calls).to.have.length(2);
          expect(bodyOf(stub!.calls[1])).to.deep.equal({ accountType: 'vneid', idNumber: ID, password: PASSWORD });
        });
      }
    }

    it('slow server: shows progress; a double click makes one request', async () => {
      const answer = deferred<Response>();
      const { el, clock } = await setup(() => answer.promise);
      await chooseVneid(el);
      await fillCredentials(el);
      const button = $<HTMLButtonElement>(el, '[part="submit"]')!;
      button.click();
      button.click();
      await el.updateComplete;
      await sendKeys({ press: 'Enter' });
      expect(stub!.calls).to.have.length(1);
      expect(textOf($(el, '[part="progress"]'))).to.equal('Đang kiểm tra thông tin đăng nhập, vui lòng chờ…');
      expect($(el, 'form')!.getAttribute('aria-busy')).to.equal('true');
      expect(button.getAttribute('aria-disabled')).to.equal('true');
      await expect(el).to.be.accessible();
      answer.resolve(json(challenge(clock)));
      await waitUntil(() => otpOf(el), 'OTP step');
      expect(stub!.calls).to.have.length(1);
    });

    it('without `action` it says it is not configured and reports config', async () => {
      const el = await fixture<DvcSignin>(html`<dvc-signin></dvc-signin>`);
      const reported = errors(el);
      await chooseVneid(el);
      await fillCredentials(el);
      await submit(el);
      await waitUntil(() => textOf($(el, '#step-error')), 'error shown');
      expect(textOf($(el, '#step-error'))).to.equal('Trang đăng nhập chưa được cấu hình (thiếu thuộc tính action).');
      expect(reported[0].code).to.equal('config');
    });
  });

  describe('step 3: one-time code', () => {
    it('shows where the code went, the countdown, attempts and the "Nhập" button', async () => {
      const { el } = await toOtpStep(() => json(challenge(clockRef!)));
      expect(el.shadowRoot!.activeElement).to.equal(heading(el));
      expect(textOf(heading(el))).to.equal('Xác thực bằng mã OTP');
      expect(otpText(el, 'hint')).to.equal('Mã OTP đã được gửi đến số điện thoại ******123');
      expect(otpText(el, 'countdown')).to.equal('Mã hết hạn sau 05:00');
      expect(otpText(el, 'attempts')).to.equal('Còn 5 lần thử');
      expect(otpText(el, 'resend')).to.equal('Gửi lại mã sau 60 giây');
      expect(textOf($(el, '[part="submit"]'))).to.equal('Nhập');
      expect(textOf(el.shadowRoot!.querySelector('[aria-current="step"]'))).to.contain('Mã OTP');
      await expect(el).to.be.accessible();
    });

    it('an empty code is not sent; the field says what is missing', async () => {
      const { el } = await toOtpStep(() => json(challenge(clockRef!)));
      await submit(el);
      await otpOf(el).updateComplete;
      expect(stub!.calls).to.have.length(1);
      expect(otpText(el, 'message')).to.equal('Vui lòng nhập mã OTP.');
    });

    it('a wrong code: attempts left shown in the field, dvc-error otp_invalid, the code kept and selected', async () => {
      const { el } = await toOtpStep((request) =>
        request.url.pathname.endsWith('/otp') ? json({ error: 'otp_invalid', attemptsLeft: 2 }, 400) : json(challenge(clockRef!)),
      );
      const reported = errors(el);
      await typeCode(el, '111111');
      await submit(el);
      await waitUntil(() => otpOf(el).invalid, 'marked invalid');
      await otpOf(el).updateComplete;
      expect(bodyOf(stub!.calls[1])).to.deep.equal({ code: '111111' });
      expect(stub!.calls[1].url.pathname).to.equal(`${ACTION}/otp`);
      expect(stub!.calls[1].credentials).to.equal('same-origin');
      expect(otpText(el, 'message')).to.equal('Mã OTP không đúng. Còn 2 lần thử');
      expect(otpOf(el).value).to.equal('111111');
      expect(reported.map((r) => r.code)).to.deep.equal(['otp_invalid']);
      await expect(el).to.be.accessible();
      // Typing replaces the selected code, and a second wrong code is said again.
      await sendKeys({ type: '222222' });
      expect(otpOf(el).value).to.equal('222222');
      expect(otpOf(el).invalid).to.equal(false);
      await submit(el);
      await waitUntil(() => otpOf(el).invalid, 'marked invalid again');
      expect(reported.map((r) => r.code)).to.deep.equal(['otp_invalid', 'otp_invalid']);
    });

    it('an expired code: said in the field with resend available, dvc-error otp_expired', async () => {
      const { el } = await toOtpStep((request) =>
        request.url.pathname.endsWith('/otp') ? json({ error: 'otp_expired' }, 400) : json(challenge(clockRef!)),
      );
      const reported = errors(el);
      await typeCode(el, '123456');
      await submit(el);
      await waitUntil(() => otpOf(el).expired, 'marked expired');
      await otpOf(el).updateComplete;
      expect(otpText(el, 'message')).to.equal('Mã OTP đã hết hạn. Vui lòng gửi lại mã.');
      expect(otpOf(el).canResend).to.equal(true);
      expect(reported.map((r) => r.code)).to.deep.equal(['otp_expired']);
      await expect(el).to.be.accessible();
    });

    it('locked (423): input disabled, no resend, dvc-error otp_locked, a way to start again', async () => {
      const { el } = await toOtpStep((request) =>
        request.url.pathname.endsWith('/otp') ? json({ error: 'otp_locked' }, 423) : json(challenge(clockRef!)),
      );
      const reported = errors(el);
      await typeCode(el, '123456');
      await submit(el);
      await waitUntil(() => otpOf(el).locked, 'locked');
      await otpOf(el).updateComplete;
      expect(otpOf(el).shadowRoot!.querySelector('input')!.disabled).to.equal(true);
      expect(otpText(el, 'resend')).to.equal(undefined);
      expect(otpText(el, 'message')).to.equal('Bạn đã nhập sai quá 5 lần. Mã OTP đã bị khóa, vui lòng thử lại sau.');
      expect(textOf($(el, '#step-error'))).to.equal('Bạn đã nhập sai quá số lần cho phép. Vui lòng thử lại sau.');
      expect(reported.map((r) => r.code)).to.deep.equal(['otp_locked']);
      expect(textOf($(el, '[part="submit"]'))).to.equal('Đăng nhập lại');
      await expect(el).to.be.accessible();
      $<HTMLButtonElement>(el, '[part="submit"]')!.click();
      await el.updateComplete;
      expect($<HTMLInputElement>(el, '#id-number')!.value, 'the ID number is still there').to.equal(ID);
    });

    it('resend: asks for a new code once, restarts the countdown and says so', async () => {
      let sent = 0;
      const { el, clock } = await toOtpStep((request) => {
        if (request.url.pathname.endsWith('/otp/resend')) {
          sent++;
          return json(challenge(clockRef!, { maskedPhone: '******123', attemptsLeft: 5 }));
        }
        return json(challenge(clockRef!));
      });
      clock.advance(60_000);
      await otpOf(el).updateComplete;
      expect(otpText(el, 'countdown')).to.equal('Mã hết hạn sau 04:00');
      const button = otpOf(el).shadowRoot!.querySelector<HTMLButtonElement>('[part="resend"]')!;
      button.click();
      button.click();
      await waitUntil(() => textOf($(el, '[part="progress"]')) === 'Đã gửi mã OTP mới.', 'resent');
      await otpOf(el).updateComplete;
      expect(sent).to.equal(1);
      expect(stub!.calls[1].url.pathname).to.equal(`${ACTION}/otp/resend`);
      expect(stub!.calls[1].method).to.equal('POST');
      expect(otpText(el, 'countdown')).to.equal('Mã hết hạn sau 05:00');
      expect(otpText(el, 'resend')).to.equal('Gửi lại mã sau 60 giây');
      await expect(el).to.be.accessible();
    });

    for (const lang of ['vi', 'en'] as const) {
      it(`429 too_many_code_attempts (${lang}): the account's limit, a countdown, the code kept, nothing sent until then`, async () => {
        const { el, clock } = await toOtpStep((request) =>
          request.url.pathname.endsWith('/otp') && stub!.calls.length === 2
            ? json({ error: 'too_many_code_attempts', retryAfter: 90 }, 429)
            : request.url.pathname.endsWith('/otp')
              ? json({ redirectTo: '/oidc/auth/abc123' })
              : json(challenge(clockRef!)),
        );
        el.lang = lang;
        await el.updateComplete;
        const reported = errors(el);
        await typeCode(el, '123456');
        await submit(el);
        await waitUntil(() => textOf($(el, '#step-error')), 'error shown');
        const text = lang === 'vi'
          ? 'Tài khoản này đã nhập mã OTP quá nhiều lần trong một giờ.'
          : 'Too many codes have been tried on this account in the last hour.';
        expect(textOf($(el, '#step-error'))).to.equal(text);
        expect(textOf($(el, '.wait'))).to.equal(lang === 'vi' ? 'Vui lòng thử lại sau 01:30.' : 'Please try again in 01:30.');
        expect(reported[0]).to.include({ code: 'http', status: 429, message: text });
        expect(otpOf(el).value, 'the code is kept').to.equal('123456');
        expect(otpOf(el).invalid, 'the code is not marked wrong').to.equal(false);
        expect($(el, '[part="submit"]')!.getAttribute('aria-disabled')).to.equal('true');
        await expect(el).to.be.accessible();
        await submit(el);
        expect(stub!.calls).to.have.length(2);
        clock.advance(90_000);
        await el.updateComplete;
        await submit(el);
        await waitUntil(() => el.currentStep === 'done', 'signed in after the wait');
        expect(bodyOf(stub!.calls[2])).to.deep.equal({ code: '123456' });
      });
    }

    it('a code superseded by a newer sign-in (400 otp_expired, superseded): says why, in both languages, with resend', async () => {
      for (const lang of ['vi', 'en'] as const) {
        const { el } = await toOtpStep((request) =>
          request.url.pathname.endsWith('/otp') ? json({ error: 'otp_expired', superseded: true }, 400) : json(challenge(clockRef!)),
        );
        el.lang = lang;
        await el.updateComplete;
        const reported = errors(el);
        await typeCode(el, '123456');
        await submit(el);
        await waitUntil(() => otpOf(el).expired, 'marked expired');
        await otpOf(el).updateComplete;
        expect(textOf($(el, '#step-error'))).to.equal(lang === 'vi'
          ? 'Mã này đã được thay bằng mã gửi cho lần đăng nhập mới hơn. Vui lòng yêu cầu gửi lại mã.'
          : 'This code was replaced by the code of a newer sign-in. Please ask for a new code.');
        expect(otpOf(el).canResend).to.equal(true);
        expect(reported.map((r) => r.code)).to.deep.equal(['otp_expired']);
        await expect(el).to.be.accessible();
      }
    });

    for (const { error, retryAfter, text, wait } of [
      { error: 'rate_limited', retryAfter: 120, text: 'Bạn đã thử quá nhiều lần.', wait: undefined },
      { error: 'too_many_codes', retryAfter: 600, text: 'Tài khoản này đã được gửi quá nhiều mã OTP trong một giờ.', wait: 'Vui lòng thử lại sau 10:00.' },
    ]) {
      it(`resend refused (429 ${error}): said, and the button waits for the time the server asked`, async () => {
        const { el, clock } = await toOtpStep((request) =>
          request.url.pathname.endsWith('/otp/resend') ? json({ error, retryAfter }, 429) : json(challenge(clockRef!)),
        );
        const reported = errors(el);
        clock.advance(60_000);
        await otpOf(el).updateComplete;
        otpOf(el).shadowRoot!.querySelector<HTMLButtonElement>('[part="resend"]')!.click();
        await waitUntil(() => reported.length === 1, 'reported');
        await otpOf(el).updateComplete;
        expect(reported[0]).to.include({ code: 'http', status: 429 });
        expect(textOf($(el, '#step-error'))).to.equal(text);
        // The resend cooldown is the code entry's own countdown; an account limit also counts down here.
        expect(textOf($(el, '.wait'))).to.equal(wait);
        expect(otpText(el, 'resend')).to.equal(`Gửi lại mã sau ${retryAfter} giây`);
        await expect(el).to.be.accessible();
      });
    }
  });

  describe('other answers', () => {
    it('prefers expiresIn to expiresAt, so a server clock that differs does not matter', async () => {
      const { el } = await toOtpStep(() =>
        json(challenge(clockRef!, { expiresAt: new Date(clockRef!.now() + 3_600_000).toISOString(), expiresIn: 120 })),
      );
      expect(otpText(el, 'countdown')).to.equal('Mã hết hạn sau 02:00');
    });

    it('410: the sign-in session is over; said in place and reported as session_expired', async () => {
      const { el } = await toOtpStep((request) =>
        request.url.pathname.endsWith('/otp') ? json({ error: 'session_expired', message: 'Phiên đăng nhập đã hết hạn' }, 410) : json(challenge(clockRef!)),
      );
      const reported = errors(el);
      await typeCode(el, '123456');
      await submit(el);
      await waitUntil(() => reported.length === 1, 'reported');
      await el.updateComplete;
      expect(reported[0]).to.include({ code: 'session_expired', status: 410 });
      expect(textOf($(el, '#step-error'))).to.equal('Phiên đăng nhập đã hết hạn. Vui lòng đăng nhập lại.');
      expect(otpOf(el).invalid).to.equal(false);
      await expect(el).to.be.accessible();
    });

    it("another refusal (400 invalid_request) shows the provider's words, without marking the code wrong", async () => {
      const said = 'Chưa có mã xác thực cho phiên đăng nhập này.';
      const { el } = await toOtpStep((request) =>
        request.url.pathname.endsWith('/otp') ? json({ error: 'invalid_request', message: said }, 400) : json(challenge(clockRef!)),
      );
      const reported = errors(el);
      await typeCode(el, '123456');
      await submit(el);
      await waitUntil(() => reported.length === 1, 'reported');
      await el.updateComplete;
      expect(textOf($(el, '#step-error'))).to.equal(said);
      expect(reported[0]).to.include({ code: 'http', status: 400 });
      expect(otpOf(el).invalid).to.equal(false);
      expect(otpOf(el).value).to.equal('123456');
    });

    it('423 on the credentials: the account is locked for now', async () => {
      const { el } = await setup(() => json({ error: 'otp_locked', message: 'Bạn đã nhập sai mã OTP quá số lần cho phép.' }, 423));
      const reported = errors(el);
      await chooseVneid(el);
      await fillCredentials(el);
      await submit(el);
      await waitUntil(() => reported.length === 1, 'reported');
      await el.updateComplete;
      expect(reported[0]).to.include({ code: 'otp_locked', status: 423 });
      expect(textOf($(el, '#step-error'))).to.equal('Bạn đã nhập sai quá số lần cho phép. Vui lòng thử lại sau.');
      expect($<HTMLInputElement>(el, '#password')!.value).to.equal(PASSWORD);
    });
  });

  describe('step 4: continue', () => {
    it('goes to the URL the server returns and says so', async () => {
      const { el, navigations } = await toOtpStep((request) =>
        request.url.pathname.endsWith('/otp') ? json({ redirectTo: '/auth/abc123/resume' }) : json(challenge(clockRef!)),
      );
      await typeCode(el, '123456');
      await submit(el);
      await waitUntil(() => navigations.length === 1, 'navigated');
      expect(navigations[0]).to.equal(new URL('/auth/abc123/resume', location.href).href);
      expect(textOf(heading(el))).to.equal('Đăng nhập thành công');
      expect(el.shadowRoot!.activeElement).to.equal(heading(el));
      expect($<HTMLAnchorElement>(el, 'a.continue')!.href).to.equal(navigations[0]);
      expect(textOf(el.shadowRoot!.querySelector('[aria-current="step"]'))).to.contain('Hoàn tất');
      await expect(el).to.be.accessible();
    });

    it('refuses a redirect that is not http(s)', async () => {
      const { el, navigations } = await toOtpStep((request) =>
        request.url.pathname.endsWith('/otp') ? json({ redirectTo: 'javascript:alert(1)' }) : json(challenge(clockRef!)),
      );
      const reported = errors(el);
      await typeCode(el, '123456');
      await submit(el);
      await waitUntil(() => reported.length === 1, 'reported');
      expect(reported[0].code).to.equal('invalid_response');
      expect(navigations).to.deep.equal([]);
      expect(otpOf(el).value).to.equal('123456');
    });
  });

  it('completes with the keyboard alone', async () => {
    const { el, navigations } = await setup((request) =>
      request.url.pathname.endsWith('/otp') ? json({ redirectTo: '/done' }) : json(challenge(clockRef!)),
    );
    (document.activeElement as HTMLElement | null)?.blur();
    await sendKeys({ press: 'Tab' }); // into the element: the first choice
    expect(el.shadowRoot!.activeElement).to.equal($(el, 'button[value="dvcqg"]'));
    await sendKeys({ press: 'Tab' }); // the second choice
    expect(el.shadowRoot!.activeElement).to.equal($(el, 'button[value="vneid"]'));
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    expect(el.shadowRoot!.activeElement).to.equal(heading(el));
    await sendKeys({ press: 'Tab' });
    await sendKeys({ type: ID });
    await sendKeys({ press: 'Tab' });
    await sendKeys({ type: PASSWORD });
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => otpOf(el), 'OTP step');
    await el.updateComplete;
    expect(bodyOf(stub!.calls[0])).to.deep.equal({ accountType: 'vneid', idNumber: ID, password: PASSWORD });
    expect(el.shadowRoot!.activeElement).to.equal(heading(el));
    await sendKeys({ press: 'Tab' });
    await sendKeys({ type: '482913' });
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => navigations.length === 1, 'navigated');
    expect(bodyOf(stub!.calls[1])).to.deep.equal({ code: '482913' });
    expect(navigations[0]).to.equal(new URL('/done', location.href).href);
  });
});

