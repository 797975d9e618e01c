import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { ManualClock } from '../../controllers/countdown.js';
import type { DvcOtpCompleteEvent } from '../../events/otp.js';
import './otp-input.js';
import type { DvcOtpInput } from './otp-input.js';

const inputOf = (el: DvcOtpInput) => el.shadowRoot!.querySelector('input')!;
const boxes = (el: DvcOtpInput) => Array.from(el.shadowRoot!.querySelectorAll('[part="box"]')).map((b) => b.textContent);
const part = (el: DvcOtpInput, name: string) => el.shadowRoot!.querySelector<HTMLElement>(`[part="${name}"]`);
const text = (el: DvcOtpInput, name: string) => part(el, name)?.textContent?.replace(/\s+/g, ' ').trim();
const status = (el: DvcOtpInput) => el.shadowRoot!.querySelector('[role="status"]')!.textContent!.trim();

/** Records every dvc-otp-complete code. */
function completions(el: HTMLElement): string[] {
  const codes: string[] = [];
  el.addEventListener('dvc-otp-complete', (e) => codes.push((e as DvcOtpCompleteEvent).detail.code));
  return codes;
}

/** A real paste: the text is copied from a textarea with Ctrl+C and pasted into the input with Ctrl+V. */
async function paste(el: DvcOtpInput, data: string): Promise<void> {
  const input = inputOf(el);
  const start = input.selectionStart ?? 0;
  const end = input.selectionEnd ?? start;
  const source = document.createElement('textarea');
  source.value = data;
  document.body.append(source);
  source.select();
  await sendKeys({ down: 'Control' });
  await sendKeys({ press: 'c' });
  await sendKeys({ up: 'Control' });
  source.remove();
  input.focus();
  input.setSelectionRange(start, end);
  await sendKeys({ down: 'Control' });
  await sendKeys({ press: 'v' });
  await sendKeys({ up: 'Control' });
  await el.updateComplete;
}

describe('<dvc-otp-input>', () => {
  describe('empty', () => {
    it('is one labelled real input drawn as six boxes, ready for SMS autofill', async () => {
      const el = await fixture<DvcOtpInput>(html`<dvc-otp-input></dvc-otp-input>`);
      const input = inputOf(el);
      expect(el.shadowRoot!.querySelectorAll('input')).to.have.length(1);
      expect(input.getAttribute('autocomplete')).to.equal('one-time-code');
      expect(input.inputMode).to.equal('numeric');
      // No maxlength: WebKit cuts a key typed into a full box to nothing before beforeinput, so a
      // digit typed over another in a whole code was lost there. The element holds the length itself.
      expect(input.hasAttribute('maxlength')).to.equal(false);
      expect(input.getAttribute('pattern')).to.equal('[0-9]{6}');
      expect(input.labels?.[0]?.textContent).to.equal('Mã OTP');
      expect(boxes(el)).to.deep.equal(['', '', '', '', '', '']);
      expect(part(el, 'field')!.querySelector('[aria-hidden="true"]')).to.exist;
      expect(el.value).to.equal('');
      expect(el.shadowRoot!.querySelector('[style]'), "no inline style: the provider's CSP is style-src 'self'").to.equal(null);
      await expect(el).to.be.accessible();
    });

    it('draws `length` boxes and shows where the code went', async () => {
      const el = await fixture<DvcOtpInput>(html`<dvc-otp-input length="4" masked-phone="******123"></dvc-otp-input>`);
      expect(boxes(el)).to.have.length(4);
      el.focus();
      await sendKeys({ type: '12345' });
      expect(el.value, 'a fifth digit does not fit').to.equal('1234');
      expect(text(el, 'hint')).to.equal('Mã OTP đã được gửi đến số điện thoại ******123');
      expect(inputOf(el).getAttribute('aria-describedby')).to.contain('hint');
    });

    it('masks a phone number given in clear', async () => {
      const el = await fixture<DvcOtpInput>(html`<dvc-otp-input masked-phone="0912345123"></dvc-otp-input>`);
      expect(text(el, 'hint')).to.equal('Mã OTP đã được gửi đến số điện thoại *******123');
    });

    it('speaks English when the page does', async () => {
      const el = await fixture<DvcOtpInput>(html`<dvc-otp-input lang="en" masked-phone="******123"></dvc-otp-input>`);
      expect(inputOf(el).labels?.[0]?.textContent).to.equal('One-time code');
      expect(text(el, 'hint')).to.equal('The code was sent to the phone number ******123');
      expect(text(el, 'resend')).to.equal('Send a new code in 60 s');
    });

    it('delegates focus to the input', async () => {
      const el = await fixture<DvcOtpInput>(html`<dvc-otp-input></dvc-otp-input>`);
      el.focus();
      expect(el.shadowRoot!.activeElement).to.equal(inputOf(el));
      await el.updateComplete;
      expect(el.shadowRoot!.querySelector('.box.active')).to.equal(el.shadowRoot!.querySelector('.box'));
    });
  });

  describe('typing', () => {
    it('partial: digits fill the boxes one by one', async () => {
      const el = await fixture<DvcOtpInput>(html`<dvc-otp-input></dvc-otp-input>`);
      const codes = completions(el);
      el.focus();
      await sendKeys({ type: '123' });
      await el.updateComplete;
      expect(el.value).to.equal('123');
      expect(boxes(el)).to.deep.equal(['1', '2', '3', '', '', '']);
      expect(codes).to.deep.equal([]);
      const boxEls = el.shadowRoot!.querySelectorAll('.box');
      expect(boxEls[3].classList.contains('active')).to.equal(true);
      await expect(el).to.be.accessible();
    });

    it('complete: fires dvc-otp-complete once per distinct code', async () => {
      const el = await fixture<DvcOtpInput>(html`<dvc-otp-input></dvc-otp-input>`);
      const codes = completions(el);
      el.focus();
      await sendKeys({ type: '123456' });
      expect(el.value).to.equal('123456');
      expect(codes).to.deep.equal(['123456']);
      await sendKeys({ type: '7' }); // full: nothing more goes in
      expect(el.value).to.equal('123456');
      await sendKeys({ press: 'Backspace' });
      expect(el.value).to.equal('12345');
      await sendKeys({ type: '6' });
      expect(codes).to.deep.equal(['123456']);
      await sendKeys({ press: 'Backspace' });
      await sendKeys({ type: '9' });
      expect(codes).to.deep.equal(['123456', '123459']);
      await el.updateComplete;
      expect(boxes(el)).to.deep.equal(['1', '2', '3', '4', '5', '9']);
      await expect(el).to.be.accessible();
    });

    it('arrow keys move between boxes and a digit typed there replaces the one in it', async () => {
      const el = await fixture<DvcOtpInput>(html`<dvc-otp-input></dvc-otp-input>`);
      el.focus();
      await sendKeys({ type: '123456' });
      await sendKeys({ press: 'ArrowLeft' });
      await sendKeys({ press: 'ArrowLeft' });
      await el.updateComplete;
      expect(el.shadowRoot!.querySelectorAll('.box')[4].classList.contains('active')).to.equal(true);
      await sendKeys({ type: '9' });
      expect(el.value).to.equal('123496');
      await sendKeys({ press: 'Home' });
      await sendKeys({ type: '0' });
      expect(el.value).to.equal('023496');
      await sendKeys({ press: 'ArrowRight' });
      await sendKeys({ press: 'Backspace' });
      expect(el.value).to.equal('03496');
    });

    it('refuses letters with a message and keeps the digits already there', async () => {
      const el = await fixture<DvcOtpInput>(html`<dvc-otp-input></dvc-otp-input>`);
      el.focus();
      await sendKeys({ type: '12' });
      await sendKeys({ type: 'a' });
      await el.updateComplete;
      expect(el.value).to.equal('12');
      expect(text(el, 'message')).to.equal('Mã OTP chỉ gồm chữ số; các ký tự khác đã được bỏ qua.');
      expect(part(el, 'message')!.getAttribute('aria-live')).to.equal('polite');
      await sendKeys({ type: '3' });
      await el.updateComplete;
      expect(el.value).to.equal('123');
      expect(text(el, 'message')).to.equal('');
    });

    it('a click on a box puts the caret on that digit', async () => {
      const el = await fixture<DvcOtpInput>(html`<dvc-otp-input></dvc-otp-input>`);
      el.value = '123456';
      await el.updateComplete;
      const rect = inputOf(el).getBoundingClientRect();
      const x = rect.left + (rect.width / 6) * 2.5;
      inputOf(el).focus();
      inputOf(el).dispatchEvent(new MouseEvent('click', { clientX: x, clientY: rect.top + 5, bubbles: true }));
      expect([inputOf(el).selectionStart, inputOf(el).selectionEnd]).to.deep.equal([2, 3]);
      await sendKeys({ type: '0' });
      expect(el.value).to.equal('120456');
    });
  });

  describe('paste and autofill', () => {
    for (const [pasted, expected] of [
      ['123 456', '123456'],
      ['123-456', '123456'],
      [' 12 34 56 ', '123456'],
    ]) {
      it(`paste of "${pasted}" gives the whole code`, async () => {
        const el = await fixture<DvcOtpInput>(html`<dvc-otp-input></dvc-otp-input>`);
        const codes = completions(el);
        inputOf(el).focus();
        await paste(el, pasted);
        expect(el.value).to.equal(expected);
        expect(boxes(el)).to.deep.equal(expected.split(''));
        expect(codes).to.deep.equal([expected]);
        expect(text(el, 'message')).to.equal('');
      });
    }

    it('a paste with letters drops them with a message; nothing else is lost', async () => {
      const el = await fixture<DvcOtpInput>(html`<dvc-otp-input></dvc-otp-input>`);
      inputOf(el).focus();
      await sendKeys({ type: '1' });
      await paste(el, '2a3');
      expect(el.value).to.equal('123');
      expect(text(el, 'message')).to.equal('Mã OTP chỉ gồm chữ số; các ký tự khác đã được bỏ qua.');
      await paste(el, 'abc');
      expect(el.value).to.equal('123');
    });

    it('a whole code pasted anywhere replaces the entry', async () => {
      const el = await fixture<DvcOtpInput>(html`<dvc-otp-input></dvc-otp-input>`);
      inputOf(el).focus();
      await sendKeys({ type: '99' });
      await paste(el, '654321');
      expect(el.value).to.equal('654321');
    });

    it('autofill of the whole code (one input event) is taken and completes', async () => {
      const el = await fixture<DvcOtpInput>(html`<dvc-otp-input></dvc-otp-input>`);
      const codes = completions(el);
      const input = inputOf(el);
      input.value = '482 913';
      input.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true, inputType: 'insertReplacementText' }));
      await el.updateComplete;
      expect(el.value).to.equal('482913');
      expect(input.value).to.equal('482913');
      expect(codes).to.deep.equal(['482913']);
    });
  });

  describe('WebOTP', () => {
    let restore: (() => void) | undefined;
    afterEach(() => restore?.());

    /** Pretends the browser has WebOTP; `answer` decides what credentials.get gives. */
    function fakeWebOtp(answer: (signal: AbortSignal) => Promise<unknown>) {
      const requests: Array<{ options: unknown; signal: AbortSignal }> = [];
      const hadOtp = 'OTPCredential' in window;
      (window as unknown as Record<string, unknown>).OTPCredential = class {};
      // WebKitGTK exposes no Credential Management API at all: lend it an empty one for the test.
      const hadCredentials = 'credentials' in navigator;
      if (!hadCredentials) Object.defineProperty(navigator, 'credentials', { configurable: true, value: {} });
      Object.defineProperty(navigator.credentials, 'get', {
        configurable: true,
        value: (options: { signal: AbortSignal }) => {
          requests.push({ options, signal: options.signal });
          return answer(options.signal);
        },
      });
      restore = () => {
        restore = undefined;
        delete (navigator.credentials as unknown as Record<string, unknown>).get;
        if (!hadCredentials) delete (navigator as unknown as Record<string, unknown>).credentials;
        if (!hadOtp) delete (window as unknown as Record<string, unknown>).OTPCredential;
      };
      return requests;
    }

    it('asks for the SMS code and fills it in', async () => {
      const requests = fakeWebOtp(() => Promise.resolve({ code: '246810', type: 'otp' }));
      const el = document.createElement('dvc-otp-input');
      const done = oneEvent(el, 'dvc-otp-complete');
      document.body.append(el);
      try {
        const event = await done;
        expect(event.detail.code).to.equal('246810');
        expect(el.value).to.equal('246810');
        expect(requests).to.have.length(1);
        expect((requests[0].options as { otp: unknown }).otp).to.deep.equal({ transport: ['sms'] });
      } finally {
        el.remove();
      }
    });

    it('aborts the request when the element leaves the page', async () => {
      const requests = fakeWebOtp(
        (signal) => new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason))),
      );
      const el = await fixture<DvcOtpInput>(html`<dvc-otp-input></dvc-otp-input>`);
      expect(requests).to.have.length(1);
      expect(requests[0].signal.aborted).to.equal(false);
      el.remove();
      expect(requests[0].signal.aborted).to.equal(true);
    });

    it('does nothing where the browser has no WebOTP', async () => {
      if ('OTPCredential' in window) return; // Chromium on Android would have it
      const el = await fixture<DvcOtpInput>(html`<dvc-otp-input></dvc-otp-input>`);
      expect(el.value).to.equal('');
    });
  });

  describe('expiry and resend', () => {
    it('counts down to expiry, announcing politely at the start, each minute, 30 s and 10 s', async () => {
      const clock = new ManualClock();
      const el = await fixture<DvcOtpInput>(html`<dvc-otp-input .clock=${clock} expires-in="300"></dvc-otp-input>`);
      expect(text(el, 'countdown')).to.equal('Mã hết hạn sau 05:00');
      expect(status(el)).to.equal('Mã hết hạn sau 05:00');
      clock.advance(1000);
      await el.updateComplete;
      expect(text(el, 'countdown')).to.equal('Mã hết hạn sau 04:59');
      expect(status(el), 'not every second').to.equal('Mã hết hạn sau 05:00');
      clock.advance(59_000);
      await el.updateComplete;
      expect(status(el), 'both due at once, said together').to.equal('Mã hết hạn sau 04:00 Bạn có thể gửi lại mã.');
      clock.advance(210_000);
      await el.updateComplete;
      expect(text(el, 'countdown')).to.equal('Mã hết hạn sau 00:30');
      expect(status(el)).to.equal('Mã hết hạn sau 00:30');
      clock.advance(19_000);
      await el.updateComplete;
      expect(status(el)).to.equal('Mã hết hạn sau 00:30');
      clock.advance(1000);
      await el.updateComplete;
      expect(status(el)).to.equal('Mã hết hạn sau 00:10');
      expect(inputOf(el).getAttribute('aria-describedby')).to.contain('countdown');
    });

    it('expired: says so, allows a resend and makes the value invalid', async () => {
      const clock = new ManualClock();
      const el = await fixture<DvcOtpInput>(
        html`<dvc-otp-input .clock=${clock} expires-at=${new Date(clock.now() + 90_000).toISOString()} resend-after="120"></dvc-otp-input>`,
      );
      expect(text(el, 'countdown')).to.equal('Mã hết hạn sau 01:30');
      expect(el.canResend).to.equal(false);
      clock.advance(90_000);
      await el.updateComplete;
      expect(part(el, 'countdown')).to.equal(null);
      expect(text(el, 'message')).to.equal('Mã OTP đã hết hạn. Vui lòng gửi lại mã.');
      expect(el.canResend).to.equal(true);
      expect(text(el, 'resend')).to.equal('Gửi lại mã');
      expect(part(el, 'resend')!.getAttribute('aria-disabled')).to.equal('false');
      expect(el.checkValidity()).to.equal(false);
      expect(clock.pending).to.equal(0);
      await expect(el).to.be.accessible();
    });

    it('takes expires-at as epoch milliseconds too', async () => {
      const clock = new ManualClock();
      const el = await fixture<DvcOtpInput>(html`<dvc-otp-input .clock=${clock} expires-at=${String(clock.now() + 65_000)}></dvc-otp-input>`);
      expect(text(el, 'countdown')).to.equal('Mã hết hạn sau 01:05');
    });

    it('the server can declare the code expired', async () => {
      const el = await fixture<DvcOtpInput>(html`<dvc-otp-input expired></dvc-otp-input>`);
      expect(text(el, 'message')).to.equal('Mã OTP đã hết hạn. Vui lòng gửi lại mã.');
      expect(el.canResend).to.equal(true);
      await expect(el).to.be.accessible();
    });

    it('cooldown: the resend button waits, counting, then offers a new code', async () => {
      const clock = new ManualClock();
      const el = await fixture<DvcOtpInput>(html`<dvc-otp-input .clock=${clock} expires-in="300"></dvc-otp-input>`);
      let resends = 0;
      el.addEventListener('dvc-otp-resend', () => resends++);
      const button = part(el, 'resend') as HTMLButtonElement;
      expect(button.textContent!.trim()).to.equal('Gửi lại mã sau 60 giây');
      expect(button.getAttribute('aria-disabled')).to.equal('true');
      button.click();
      expect(resends, 'no resend during the cooldown').to.equal(0);
      clock.advance(1000);
      await el.updateComplete;
      expect(button.textContent!.trim()).to.equal('Gửi lại mã sau 59 giây');
      // The seconds are seen but not part of the name, so a focused button is not re-read every second.
      expect(button.querySelector('[aria-hidden="true"]')!.textContent).to.equal('sau 59 giây');
      await expect(el).to.be.accessible();

      clock.advance(59_000);
      await el.updateComplete;
      expect(button.textContent!.trim()).to.equal('Gửi lại mã');
      expect(button.getAttribute('aria-disabled')).to.equal('false');
      expect(status(el)).to.contain('Bạn có thể gửi lại mã.');
      await expect(el).to.be.accessible();

      button.focus();
      await sendKeys({ press: 'Enter' });
      expect(resends).to.equal(1);
      await el.updateComplete;
      expect(button.textContent!.trim(), 'the cooldown starts again at once').to.equal('Gửi lại mã sau 60 giây');
      expect(el.shadowRoot!.activeElement, 'focus stays on the button').to.equal(button);
      await sendKeys({ press: 'Enter' });
      expect(resends, 'a second press does not send again').to.equal(1);
    });

    it('a cancelled resend leaves the button available', async () => {
      const el = await fixture<DvcOtpInput>(html`<dvc-otp-input resend-after="0"></dvc-otp-input>`);
      el.addEventListener('dvc-otp-resend', (e) => e.preventDefault());
      (part(el, 'resend') as HTMLButtonElement).click();
      await el.updateComplete;
      expect(el.canResend).to.equal(true);
      expect(text(el, 'resend')).to.equal('Gửi lại mã');
    });

    it('restart() after a resend with the same lifetime clears what was typed for the old code', async () => {
      const clock = new ManualClock();
      const el = await fixture<DvcOtpInput>(html`<dvc-otp-input .clock=${clock} expires-in="300"></dvc-otp-input>`);
      inputOf(el).focus();
      await sendKeys({ type: '171877' });
      el.invalid = true;
      await el.updateComplete;
      el.restart();
      await el.updateComplete;
      expect(el.value).to.equal('');
      expect(inputOf(el).value).to.equal('');
      expect(text(el, 'message')).to.equal('');
      inputOf(el).focus();
      await sendKeys({ type: '087197' });
      expect(el.value, 'the new code is typed into empty boxes').to.equal('087197');
    });

    it('a new expires-at means a new code: entry cleared, countdown and cooldown restarted', async () => {
      const clock = new ManualClock();
      const el = await fixture<DvcOtpInput>(
        html`<dvc-otp-input .clock=${clock} expires-at=${new Date(clock.now() + 300_000).toISOString()}></dvc-otp-input>`,
      );
      const codes = completions(el);
      inputOf(el).focus();
      await sendKeys({ type: '111111' });
      clock.advance(300_000);
      await el.updateComplete;
      expect(text(el, 'message')).to.equal('Mã OTP đã hết hạn. Vui lòng gửi lại mã.');
      el.setAttribute('expires-at', new Date(clock.now() + 300_000).toISOString());
      await el.updateComplete;
      expect(el.value).to.equal('');
      expect(text(el, 'message')).to.equal('');
      expect(text(el, 'countdown')).to.equal('Mã hết hạn sau 05:00');
      expect(text(el, 'resend')).to.equal('Gửi lại mã sau 60 giây');
      inputOf(el).focus();
      await sendKeys({ type: '111111' });
      expect(codes, 'the same digits complete again for the new code').to.deep.equal(['111111', '111111']);
    });

    it('stops its timers when it leaves the page', async () => {
      const clock = new ManualClock();
      const el = await fixture<DvcOtpInput>(html`<dvc-otp-input .clock=${clock} expires-in="300"></dvc-otp-input>`);
      expect(clock.pending).to.equal(2);
      el.remove();
      expect(clock.pending).to.equal(0);
    });
  });

  describe('server verdicts', () => {
    it('invalid with attempts left: says so in place and clears when the code is edited', async () => {
      const el = await fixture<DvcOtpInput>(html`<dvc-otp-input invalid attempts-left="3"></dvc-otp-input>`);
      el.value = '123456';
      await el.updateComplete;
      expect(text(el, 'message')).to.equal('Mã OTP không đúng. Còn 3 lần thử');
      expect(inputOf(el).getAttribute('aria-invalid')).to.equal('true');
      expect(inputOf(el).getAttribute('aria-describedby')).to.contain('message');
      await expect(el).to.be.accessible();
      el.select();
      await sendKeys({ type: '6' });
      await el.updateComplete;
      expect(el.invalid).to.equal(false);
      expect(el.value).to.equal('6');
      expect(inputOf(el).getAttribute('aria-invalid')).to.equal('false');
      expect(text(el, 'attempts')).to.equal('Còn 3 lần thử');
    });

    it('locked: input disabled, the reason given, no resend', async () => {
      const el = await fixture<DvcOtpInput>(html`<dvc-otp-input locked attempts-left="0"></dvc-otp-input>`);
      expect(inputOf(el).disabled).to.equal(true);
      expect(text(el, 'message')).to.equal('Bạn đã nhập sai quá 5 lần. Mã OTP đã bị khóa, vui lòng thử lại sau.');
      expect(part(el, 'resend')).to.equal(null);
      expect(el.canResend).to.equal(false);
      await expect(el).to.be.accessible();
      el.locked = false;
      await el.updateComplete;
      expect(inputOf(el).disabled).to.equal(false);
      expect(part(el, 'resend')).to.exist;
    });

    it('disabled: nothing can be typed or requested', async () => {
      const el = await fixture<DvcOtpInput>(html`<dvc-otp-input disabled resend-after="0"></dvc-otp-input>`);
      let resends = 0;
      el.addEventListener('dvc-otp-resend', () => resends++);
      expect(inputOf(el).disabled).to.equal(true);
      expect(part(el, 'resend')!.getAttribute('aria-disabled')).to.equal('true');
      (part(el, 'resend') as HTMLButtonElement).click();
      expect(resends).to.equal(0);
      await expect(el).to.be.accessible();
    });
  });

  describe('in a form', () => {
    it('puts name=value into FormData', async () => {
      const form = await fixture<HTMLFormElement>(html`<form><dvc-otp-input name="otp"></dvc-otp-input></form>`);
      const el = form.querySelector('dvc-otp-input')!;
      expect(el.form).to.equal(form);
      expect(new FormData(form).has('otp')).to.equal(false);
      el.focus();
      await sendKeys({ type: '135790' });
      await el.updateComplete;
      expect(new FormData(form).get('otp')).to.equal('135790');
    });

    it('required and empty is invalid (valueMissing), partial is tooShort, letters are patternMismatch', async () => {
      const form = await fixture<HTMLFormElement>(html`<form><dvc-otp-input name="otp" required></dvc-otp-input></form>`);
      const el = form.querySelector('dvc-otp-input')!;
      expect(el.checkValidity()).to.equal(false);
      expect(el.validity.valueMissing).to.equal(true);
      expect(el.validationMessage).to.equal('Vui lòng nhập mã OTP.');
      expect(form.checkValidity()).to.equal(false);
      await el.updateComplete;
      expect(text(el, 'message'), 'the failed check shows the message in place').to.equal('Vui lòng nhập mã OTP.');
      expect(inputOf(el).getAttribute('aria-invalid')).to.equal('true');
      await expect(el).to.be.accessible();

      el.value = '123';
      await el.updateComplete;
      expect(el.validity.tooShort).to.equal(true);
      expect(el.validationMessage).to.equal('Mã OTP gồm 6 chữ số.');
      el.value = '12a456';
      await el.updateComplete;
      expect(el.validity.patternMismatch).to.equal(true);
      el.value = '123-456';
      await el.updateComplete;
      expect(el.value).to.equal('123456');
      expect(el.checkValidity()).to.equal(true);
    });

    it('gives validation messages in English', async () => {
      const form = await fixture<HTMLFormElement>(html`<form lang="en"><dvc-otp-input required></dvc-otp-input></form>`);
      const el = form.querySelector('dvc-otp-input')!;
      expect(el.validationMessage).to.equal('Please enter the code.');
      el.value = '12';
      await el.updateComplete;
      expect(el.validationMessage).to.equal('The code has 6 digits.');
    });

    it('form.reset() clears it', async () => {
      const form = await fixture<HTMLFormElement>(html`<form><dvc-otp-input name="otp"></dvc-otp-input></form>`);
      const el = form.querySelector('dvc-otp-input')!;
      el.value = '123456';
      await el.updateComplete;
      form.reset();
      await el.updateComplete;
      expect(el.value).to.equal('');
      expect(inputOf(el).value).to.equal('');
      expect(boxes(el)).to.deep.equal(['', '', '', '', '', '']);
      expect(new FormData(form).has('otp')).to.equal(false);
    });

    it('a disabled fieldset disables it and leaves it out of the form data', async () => {
      const form = await fixture<HTMLFormElement>(
        html`<form><fieldset disabled><dvc-otp-input name="otp"></dvc-otp-input></fieldset></form>`,
      );
      const el = form.querySelector('dvc-otp-input')!;
      el.value = '123456';
      await el.updateComplete;
      expect(inputOf(el).disabled).to.equal(true);
      expect(new FormData(form).has('otp')).to.equal(false);
    });

    it('Enter submits the form', async () => {
      const form = await fixture<HTMLFormElement>(html`<form><dvc-otp-input name="otp"></dvc-otp-input></form>`);
      form.addEventListener('submit', (e) => e.preventDefault());
      const el = form.querySelector('dvc-otp-input')!;
      el.focus();
      await sendKeys({ type: '123456' });
      const submitted = oneEvent(form, 'submit');
      await sendKeys({ press: 'Enter' });
      const event = (await submitted) as Event;
      expect(new FormData(event.target as HTMLFormElement).get('otp')).to.equal('123456');
    });

    it('restores its state when the browser restores the form', async () => {
      const el = await fixture<DvcOtpInput>(html`<dvc-otp-input></dvc-otp-input>`);
      el.formStateRestoreCallback('975310');
      await el.updateComplete;
      expect(boxes(el)).to.deep.equal(['9', '7', '5', '3', '1', '0']);
    });
  });
});
