import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { LitElement } from 'lit';
import { DvcError } from '../internal/errors.js';
import { deferred, type Deferred } from '../testing/fetch-stub.js';
import { FetchController } from './fetch-controller.js';

interface Run {
  args: readonly [number];
  signal: AbortSignal;
  answer: Deferred<string>;
}

class FetchHost extends LitElement {
  static override properties = { n: { type: Number } };
  declare n: number | undefined;
  runs: Run[] = [];
  completed: string[] = [];
  errors: DvcError[] = [];
  readonly data = new FetchController<readonly [number], string>(this, {
    args: () => (this.n === undefined ? undefined : [this.n]),
    task: (args, signal) => {
      const answer = deferred<string>();
      this.runs.push({ args, signal, answer });
      return answer.promise;
    },
    onComplete: (value) => this.completed.push(value),
    onError: (error) => this.errors.push(error),
  });
  constructor() {
    super();
    this.n = undefined;
  }
  override render() {
    return html`<p>${this.data.status}:${this.data.value ?? ''}</p>`;
  }
}
customElements.define('test-fetch-host', FetchHost);

const shown = (el: FetchHost) => el.shadowRoot!.querySelector('p')!.textContent;

describe('FetchController', () => {
  it('is idle without arguments and loads when they come', async () => {
    const el = await fixture<FetchHost>(html`<test-fetch-host></test-fetch-host>`);
    expect(el.data.status).to.equal('idle');
    expect(el.runs).to.have.length(0);
    el.n = 1;
    await el.updateComplete;
    expect(shown(el)).to.equal('loading:');
    el.runs[0]!.answer.resolve('one');
    await waitUntil(() => shown(el) === 'complete:one');
    expect(el.completed).to.deep.equal(['one']);
  });

  it('starts the request as the element connects, before its first render, and only once', async () => {
    const el = document.createElement('test-fetch-host') as FetchHost;
    el.n = 1;
    document.body.append(el);
    try {
      expect(el.hasUpdated).to.be.false;
      expect(el.runs.map((r) => r.args)).to.deep.equal([[1]]);
      await el.updateComplete;
      expect(shown(el)).to.equal('loading:');
      expect(el.runs).to.have.length(1);
      el.runs[0]!.answer.resolve('one');
      await waitUntil(() => shown(el) === 'complete:one');
    } finally {
      el.remove();
    }
  });

  it('aborts the stale run and keeps only the latest result', async () => {
    const el = await fixture<FetchHost>(html`<test-fetch-host .n=${1}></test-fetch-host>`);
    el.n = 2;
    await el.updateComplete;
    expect(el.runs[0]!.signal.aborted).to.be.true;
    el.runs[1]!.answer.resolve('two');
    el.runs[0]!.answer.resolve('one (stale)');
    await waitUntil(() => shown(el) === 'complete:two');
    await el.updateComplete;
    expect(el.completed).to.deep.equal(['two']);
  });

  it('does not run again for the same arguments, but run() does', async () => {
    const el = await fixture<FetchHost>(html`<test-fetch-host .n=${1}></test-fetch-host>`);
    el.runs[0]!.answer.resolve('one');
    await waitUntil(() => el.data.status === 'complete');
    el.requestUpdate();
    await el.updateComplete;
    expect(el.runs).to.have.length(1);
    const again = el.data.run();
    await el.updateComplete;
    expect(shown(el), 'keeps the value while reloading').to.equal('loading:one');
    el.runs[1]!.answer.resolve('one again');
    await again;
    expect(el.data.value).to.equal('one again');
  });

  it('keeps errors as DvcError and ignores aborts', async () => {
    const el = await fixture<FetchHost>(html`<test-fetch-host .n=${1}></test-fetch-host>`);
    el.runs[0]!.answer.reject(new DvcError('network', 'down'));
    await waitUntil(() => el.data.status === 'error');
    expect(el.data.error!.code).to.equal('network');
    expect(el.errors).to.have.length(1);
    void el.data.run();
    el.runs[1]!.answer.reject(new DOMException('Aborted', 'AbortError'));
    await Promise.resolve();
    await el.updateComplete;
    expect(el.errors).to.have.length(1);
  });

  it('aborts when the host leaves the page and runs again when it comes back', async () => {
    const el = await fixture<FetchHost>(html`<test-fetch-host .n=${1}></test-fetch-host>`);
    const parent = el.parentNode!;
    el.remove();
    expect(el.runs[0]!.signal.aborted).to.be.true;
    parent.appendChild(el);
    await el.updateComplete;
    expect(el.runs).to.have.length(2);
    expect(el.runs[1]!.signal.aborted).to.be.false;
  });

  it('clears the value when the arguments go away', async () => {
    const el = await fixture<FetchHost>(html`<test-fetch-host .n=${1}></test-fetch-host>`);
    el.runs[0]!.answer.resolve('secret');
    await waitUntil(() => el.data.status === 'complete');
    el.n = undefined;
    await el.updateComplete;
    expect(shown(el)).to.equal('idle:');
  });
});
