import { expect, fixture, html } from '@open-wc/testing';
import { LitElement } from 'lit';
import { CountdownController, ManualClock } from './countdown.js';

class CountdownHost extends LitElement {
  ticks: number[] = [];
  readonly clockForTest = new ManualClock();
  readonly countdown = new CountdownController(this, { clock: this.clockForTest, onTick: (s) => this.ticks.push(s) });
  override render() {
    return html`<span>${this.countdown.remaining}</span>`;
  }
}
customElements.define('countdown-test-host', CountdownHost);

describe('CountdownController', () => {
  it('counts whole seconds down to zero with one timer, then stops it', async () => {
    const el = await fixture<CountdownHost>(html`<countdown-test-host></countdown-test-host>`);
    const clock = el.clockForTest;
    el.countdown.start(clock.now() + 3000);
    expect(el.countdown.running).to.equal(true);
    expect(clock.pending).to.equal(1);
    await el.updateComplete;
    expect(el.shadowRoot!.textContent).to.equal('3');
    clock.advance(1000);
    await el.updateComplete;
    expect(el.shadowRoot!.textContent).to.equal('2');
    clock.advance(5000);
    expect(el.countdown.remaining).to.equal(0);
    expect(el.countdown.ended).to.equal(true);
    expect(clock.pending).to.equal(0);
    expect(el.ticks).to.deep.equal([3, 2, 1, 0]);
  });

  it('rounds part of a second up and never drifts on late ticks', async () => {
    const el = await fixture<CountdownHost>(html`<countdown-test-host></countdown-test-host>`);
    const clock = el.clockForTest;
    el.countdown.start(clock.now() + 2500);
    expect(el.countdown.remaining).to.equal(3);
    clock.advance(1000);
    expect(el.countdown.remaining).to.equal(2);
    clock.advance(1000);
    expect(el.countdown.remaining).to.equal(1);
    clock.advance(500);
    clock.advance(500);
    expect(el.countdown.remaining).to.equal(0);
  });

  it('stops ticking when the host is disconnected and catches up when it comes back', async () => {
    const el = await fixture<CountdownHost>(html`<countdown-test-host></countdown-test-host>`);
    const clock = el.clockForTest;
    el.countdown.start(clock.now() + 60_000);
    const parent = el.parentNode!;
    el.remove();
    expect(clock.pending).to.equal(0);
    clock.advance(20_000);
    expect(el.countdown.remaining).to.equal(60);
    parent.appendChild(el);
    expect(clock.pending).to.equal(1);
    expect(el.countdown.remaining).to.equal(40);
  });

  it('a countdown already over ends at once; stop() forgets it', async () => {
    const el = await fixture<CountdownHost>(html`<countdown-test-host></countdown-test-host>`);
    const clock = el.clockForTest;
    el.countdown.start(clock.now() - 1000);
    expect(el.countdown.ended).to.equal(true);
    expect(clock.pending).to.equal(0);
    el.countdown.start(clock.now() + 5000);
    el.countdown.stop();
    expect(el.countdown.running).to.equal(false);
    expect(el.countdown.ended).to.equal(false);
    expect(clock.pending).to.equal(0);
  });

  it('moves a running countdown to a newly injected clock', async () => {
    const el = await fixture<CountdownHost>(html`<countdown-test-host></countdown-test-host>`);
    el.countdown.start(el.clockForTest.now() + 10_000);
    const other = new ManualClock(el.clockForTest.now());
    el.countdown.clock = other;
    expect(el.clockForTest.pending).to.equal(0);
    expect(other.pending).to.equal(1);
    other.advance(3000);
    expect(el.countdown.remaining).to.equal(7);
  });
});
