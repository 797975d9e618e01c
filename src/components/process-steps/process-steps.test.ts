import { expect, fixture, html } from '@open-wc/testing';
import type { DvcProcessSteps } from './process-steps.js';
import './process-steps.js';

const items = (el: DvcProcessSteps) => [...el.shadowRoot!.querySelectorAll('ol > li')] as HTMLLIElement[];
const labels = (el: DvcProcessSteps) => items(el).map((li) => li.querySelector('[part="label"]')!.textContent!.trim());
const states = (el: DvcProcessSteps) => items(el).map((li) => li.querySelector('[part="state"]')?.textContent!.replace(/[()]/g, '').trim());

describe('<dvc-process-steps>', () => {
  it('lists the five steps of the seed in order, in an ordered list under its title', async () => {
    const el = await fixture<DvcProcessSteps>(html`<dvc-process-steps></dvc-process-steps>`);
    expect(el.shadowRoot!.querySelector('h2')!.textContent).to.equal('QUY TRÌNH THỰC HIỆN NỘP HỒ SƠ QUA MẠNG');
    expect(el.shadowRoot!.querySelector('ol')).to.exist;
    expect(labels(el)).to.deep.equal(['Đăng nhập', 'Chọn thủ tục', 'Khai báo HS', 'Tra cứu kết quả', 'Nhận kết quả']);
    expect(el.shadowRoot!.querySelector('[aria-current]')).to.not.exist;
    expect(states(el)).to.deep.equal([undefined, undefined, undefined, undefined, undefined]);
    await expect(el).to.be.accessible();
  });

  it('marks the current step with aria-current="step" and writes each state', async () => {
    const el = await fixture<DvcProcessSteps>(html`<dvc-process-steps current="3"></dvc-process-steps>`);
    const current = el.shadowRoot!.querySelectorAll('[aria-current="step"]');
    expect(current).to.have.length(1);
    expect(current[0]!.textContent).to.contain('Khai báo HS');
    expect(states(el)).to.deep.equal(['Đã xong', 'Đã xong', 'Đang thực hiện', 'Chưa thực hiện', 'Chưa thực hiện']);
    expect(items(el)[0]!.getAttribute('part')).to.equal('step completed');
    expect(items(el)[2]!.getAttribute('part')).to.equal('step current');
    expect(items(el)[4]!.getAttribute('part')).to.equal('step upcoming');
    await expect(el).to.be.accessible();
  });

  it('moves the mark when current changes', async () => {
    const el = await fixture<DvcProcessSteps>(html`<dvc-process-steps current="1"></dvc-process-steps>`);
    el.setAttribute('current', '5');
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[aria-current="step"]')!.textContent).to.contain('Nhận kết quả');
    expect(states(el)).to.deep.equal(['Đã xong', 'Đã xong', 'Đã xong', 'Đã xong', 'Đang thực hiện']);
  });

  it('ignores a current step out of range', async () => {
    const el = await fixture<DvcProcessSteps>(html`<dvc-process-steps current="9"></dvc-process-steps>`);
    expect(el.shadowRoot!.querySelector('[aria-current]')).to.not.exist;
    expect(el.shadowRoot!.textContent).to.not.contain('NaN');
  });

  it('speaks English', async () => {
    const el = await fixture<DvcProcessSteps>(html`<dvc-process-steps lang="en" current="2"></dvc-process-steps>`);
    expect(el.shadowRoot!.querySelector('h2')!.textContent).to.equal('HOW TO APPLY ONLINE');
    expect(labels(el)).to.deep.equal(['Sign in', 'Choose a procedure', 'Fill in the application', 'Look up the result', 'Receive the result']);
    expect(states(el)).to.deep.equal(['Done', 'In progress', 'Not started', 'Not started', 'Not started']);
    await expect(el).to.be.accessible();
  });

  it('follows <html lang> changes', async () => {
    const el = await fixture<DvcProcessSteps>(html`<dvc-process-steps></dvc-process-steps>`);
    const before = document.documentElement.lang;
    try {
      document.documentElement.lang = 'en';
      await new Promise(requestAnimationFrame);
      await el.updateComplete;
      expect(labels(el)[0]).to.equal('Sign in');
    } finally {
      document.documentElement.lang = before;
    }
  });
});
