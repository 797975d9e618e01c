import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { emulateMedia } from '@web/test-runner-commands';
import { skipIn } from '../../testing/engine.js';
import { fakeConfig, sessionFixture } from '../../testing/fake-session.js';
import { deferred, json, never, stubFetch, useStubbedApi, type FetchStub } from '../../testing/fetch-stub.js';
import { apiAnswers, apiRequests, fault, resetFakes, settle, signedOut, type AnswerOptions } from '../../testing/index.js';
import type { DvcStatsDonut } from './stats-donut.js';
import './stats-donut.js';

const API = 'https://api.example.test';
const SEED = { year: 2023, onTime: 3788, late: 32, updatedAt: '2023-04-11T17:13:44+07:00' };

const text = (el: DvcStatsDonut) => el.shadowRoot!.textContent!.replace(/\s+/g, ' ');
const $ = <T extends Element = HTMLElement>(el: DvcStatsDonut, selector: string) => el.shadowRoot!.querySelector<T>(selector);

describe('<dvc-stats-donut>', () => {
  let stub: FetchStub | undefined;
  useStubbedApi();
  afterEach(() => resetFakes());

  /** A donut whose API is the testing kit's (dvc-widgets/testing), answering `answer`. */
  const mount = async (answer: unknown, options: AnswerOptions = {}, attrs: Record<string, string> = {}) => {
    const el = document.createElement('dvc-stats-donut');
    el.setAttribute('year', '2023');
    for (const [name, value] of Object.entries(attrs)) el.setAttribute(name, value);
    await apiAnswers(el, '/stats/processing', answer, options);
    await fixture(html`<div>${el}</div>`);
    await settle(el);
    return el;
  };

  /** Waits until the element shows `selector` (default: a chart, an empty state or an error) and is not busy. */
  const loaded = async (el: DvcStatsDonut, selector = '[part="legend"], [part="error"], [part="status"]') => {
    await waitUntil(() => $(el, '[aria-busy="false"]') && $(el, selector), `no ${selector}`);
    await el.updateComplete;
  };

  it('shows a loading state until the answer comes, then the seed figures in Vietnamese', async () => {
    const el = document.createElement('dvc-stats-donut');
    el.setAttribute('year', '2023');
    await fixture(html`<div>${el}</div>`);
    await apiAnswers(el, '/other', {});
    // The kit holds a request it has no answer for: the loading state.
    expect($(el, '[part="base"]')!.getAttribute('aria-busy')).to.equal('true');
    expect(text(el)).to.contain('Đang tải…');
    expect(text(el)).to.contain('TÌNH HÌNH XỬ LÝ HỒ SƠ NĂM 2023');
    await expect(el).to.be.accessible();
    expect(apiRequests(el)).to.have.length(1);
    expect(apiRequests(el)[0]!.url.pathname).to.match(/\/stats\/processing$/);
    expect(apiRequests(el)[0]!.url.searchParams.get('year')).to.equal('2023');

    await apiAnswers(el, '/stats/processing', SEED);
    expect($(el, '[part="base"]')!.getAttribute('aria-busy')).to.equal('false');
    expect($(el, '.percent')!.textContent).to.equal('99,2%');
    const legend = [...el.shadowRoot!.querySelectorAll('[part="legend"] li')].map((li) => li.textContent!.replace(/\s+/g, ' ').trim());
    expect(legend).to.deep.equal(['Xử lý đúng hạn: 3.788', 'Xử lý trễ hạn: 32']);
    expect(text(el)).to.contain('Cập nhật lúc 11/04/2023 17:13:44');
    const img = $(el, 'svg[role="img"]')!;
    expect(img.getAttribute('aria-label')).to.contain('99,2%').and.to.contain('3.788').and.to.contain('32');
    await expect(el).to.be.accessible();
  });

  it('has a data table for screen readers with the counts and shares', async () => {
    stub = stubFetch(() => json(SEED));
    const el = await fixture<DvcStatsDonut>(html`<dvc-stats-donut api=${API} year="2023"></dvc-stats-donut>`);
    await loaded(el);
    const table = $<HTMLTableElement>(el, 'table')!;
    expect(table.caption!.textContent).to.contain('2023');
    const rows = [...table.tBodies[0]!.rows].map((r) => [...r.cells].map((c) => c.textContent!.trim()));
    expect(rows).to.deep.equal([
      ['Xử lý đúng hạn', '3.788', '99,2%'],
      ['Xử lý trễ hạn', '32', '0,8%'],
      ['Tổng cộng', '3.820', '100,0%'],
    ]);
    // Visually hidden, not display:none: still read by screen readers.
    expect(getComputedStyle(table).display).to.not.equal('none');
    expect(table.parentElement!.getBoundingClientRect().width).to.be.at.most(1);
  });

  it('formats in English: 3,788 and 99.2%', async () => {
    const el = await mount(SEED, {}, { lang: 'en' });
    expect($(el, '.percent')!.textContent).to.equal('99.2%');
    expect(text(el)).to.contain('Processed on time: 3,788').and.to.contain('Processed late: 32');
    expect(text(el)).to.contain('DOSSIER PROCESSING IN 2023');
    expect(text(el)).to.contain('Updated at 11/04/2023 17:13:44');
    await expect(el).to.be.accessible();
  });

  it('hatches the late segment with a pattern whose id is unique per instance', async () => {
    stub = stubFetch(() => json(SEED));
    const wrapper = await fixture<HTMLDivElement>(html`<div>
      <dvc-stats-donut api=${API} year="2023"></dvc-stats-donut><dvc-stats-donut api=${API} year="2023"></dvc-stats-donut>
    </div>`);
    const [a, b] = [...wrapper.querySelectorAll('dvc-stats-donut')];
    await loaded(a!);
    await loaded(b!);
    const idOf = (el: DvcStatsDonut) => {
      const late = $(el, '[data-segment="late"]')!;
      const ref = /url\(#(.+)\)/.exec(late.getAttribute('stroke')!)![1]!;
      expect($(el, `pattern#${ref}`), 'pattern exists').to.exist;
      return ref;
    };
    expect(idOf(a!)).to.not.equal(idOf(b!));
    // One request for both: identical concurrent GETs are shared.
    expect(stub.calls).to.have.length(1);
  });

  it('takes the api from the enclosing portal', async () => {
    stub = stubFetch(() => json(SEED));
    const el = await sessionFixture<DvcStatsDonut>(html`<dvc-stats-donut year="2023"></dvc-stats-donut>`, undefined, {
      config: { ...fakeConfig(), api: 'https://portal-api.example.test' },
    });
    await loaded(el, '[part="legend"]');
    expect(stub.calls[0]!.url.origin).to.equal('https://portal-api.example.test');
    expect($(el, '.percent')!.textContent).to.equal('99,2%');
  });

  it('uses the data property without fetching', async () => {
    stub = stubFetch(() => json(SEED));
    const el = await fixture<DvcStatsDonut>(html`<dvc-stats-donut .data=${{ year: 2022, onTime: 90, late: 10, updatedAt: '2022-12-31T23:59:59+07:00' }}></dvc-stats-donut>`);
    expect(stub.calls).to.have.length(0);
    expect($(el, '.percent')!.textContent).to.equal('90,0%');
    expect(text(el)).to.contain('NĂM 2022');
    expect(text(el)).to.contain('Cập nhật lúc 31/12/2022 23:59:59');
    expect($(el, 'select')).to.not.exist;
    await expect(el).to.be.accessible();
  });

  it('shows an empty state when nothing was processed that year', async () => {
    const el = await mount({ year: 2023, onTime: 0, late: 0, updatedAt: SEED.updatedAt });
    expect(text(el)).to.contain('Chưa có hồ sơ được xử lý trong năm 2023');
    expect(text(el)).to.not.contain('NaN');
    expect($(el, 'svg')).to.not.exist;
    await expect(el).to.be.accessible();
  });

  it('shows an error with a working retry (500, then 200)', async () => {
    const errors: Event[] = [];
    document.addEventListener('dvc-error', (e) => errors.push(e), { once: true });
    const el = await mount(fault({ status: 500 }));
    const event = errors[0] as CustomEvent<{ code: string; status?: number }>;
    expect(event.detail.code).to.equal('http');
    expect(event.detail.status).to.equal(500);
    expect($(el, '[part="error"]')!.textContent).to.contain('Máy chủ đang gặp sự cố');
    expect(apiRequests(el), 'two retries before giving up').to.have.length(3);
    await expect(el).to.be.accessible();
    await apiAnswers(el, '/stats/processing', SEED, { reload: false });
    $<HTMLButtonElement>(el, '[part="retry"]')!.click();
    await settle(el);
    expect($(el, '.percent')!.textContent).to.equal('99,2%');
    expect($(el, '[part="error"]')).to.not.exist;
  });

  it('retries a 503 by itself and shows the data when the second attempt succeeds', async () => {
    let calls = 0;
    stub = stubFetch(() => (++calls === 1 ? new Response('busy', { status: 503 }) : json(SEED)));
    const el = await fixture<DvcStatsDonut>(html`<dvc-stats-donut api=${API} year="2023"></dvc-stats-donut>`);
    await loaded(el);
    expect($(el, '.percent')!.textContent).to.equal('99,2%');
    expect(stub.calls).to.have.length(2);
  });

  it('does not retry a 404 by itself', async () => {
    stub = stubFetch(() => json({ error: 'not_found', message: 'no' }, 404));
    const el = await fixture<DvcStatsDonut>(html`<dvc-stats-donut api=${API} year="2023"></dvc-stats-donut>`);
    await oneEvent(el, 'dvc-error');
    expect(stub.calls).to.have.length(1);
  });

  it('reports malformed JSON as invalid data, never NaN', async () => {
    const errors: CustomEvent[] = [];
    document.addEventListener('dvc-error', (e) => errors.push(e as CustomEvent), { once: true });
    const el = await mount(fault('malformed'));
    expect(errors[0]!.detail.code).to.equal('invalid_response');
    expect(text(el)).to.contain('Máy chủ trả về dữ liệu không hợp lệ');
    expect(text(el)).to.not.match(/NaN|undefined|\[object Object\]/);
    await expect(el).to.be.accessible();
  });

  it('reports a wrong shape as invalid data', async () => {
    const errors: CustomEvent[] = [];
    document.addEventListener('dvc-error', (e) => errors.push(e as CustomEvent), { once: true });
    const el = await mount({ year: 2023, onTime: '3788', late: { n: 32 } });
    expect(errors[0]!.detail.code).to.equal('invalid_response');
    expect(text(el)).to.not.match(/NaN|undefined|\[object Object\]/);
  });

  it('shows "Không có dữ liệu" for a malformed update time', async () => {
    const el = await mount({ ...SEED, updatedAt: 'yesterday' });
    expect(text(el)).to.contain('Cập nhật lúc Không có dữ liệu');
  });

  it('times out when the server does not answer', async () => {
    const el = document.createElement('dvc-stats-donut');
    el.setAttribute('year', '2023');
    await signedOut(el, { timeout: 200 });
    await apiAnswers(el, '/stats/processing', fault('hang'));
    const event = oneEvent(el, 'dvc-error');
    await fixture(html`<div>${el}</div>`);
    expect((await event).detail.code).to.equal('timeout');
    await el.updateComplete;
    expect(text(el)).to.contain('Máy chủ không phản hồi kịp');
    expect($(el, '[part="retry"]')).to.exist;
    await expect(el).to.be.accessible();
  });

  it('fetches another year from the picker and aborts the stale request', async () => {
    const first = deferred<Response>();
    stub = stubFetch((request) => (request.url.searchParams.get('year') === '2023' ? first.promise : json({ ...SEED, year: 2022, onTime: 500, late: 500 })));
    const el = await fixture<DvcStatsDonut>(html`<dvc-stats-donut api=${API} year="2023"></dvc-stats-donut>`);
    const select = $<HTMLSelectElement>(el, 'select')!;
    expect(select.value).to.equal('2023');
    select.value = '2022';
    select.dispatchEvent(new Event('change'));
    await loaded(el, '[part="legend"]');
    expect(stub.calls[0]!.signal!.aborted, 'the 2023 request was aborted').to.be.true;
    expect(el.year).to.equal(2022);
    expect(text(el)).to.contain('NĂM 2022');
    expect($(el, '.percent')!.textContent).to.equal('50,0%');
    first.resolve(json(SEED));
    await el.updateComplete;
    expect($(el, '.percent')!.textContent, 'the stale answer is ignored').to.equal('50,0%');
  });

  it('aborts its request when it leaves the page', async () => {
    stub = stubFetch(() => never());
    const el = await fixture<DvcStatsDonut>(html`<dvc-stats-donut api=${API} year="2023"></dvc-stats-donut>`);
    el.remove();
    expect(stub.calls[0]!.signal!.aborted).to.be.true;
  });

  it('shows a configuration error without an api or data', async () => {
    const el = await fixture<DvcStatsDonut>(html`<dvc-stats-donut year="2023"></dvc-stats-donut>`);
    await el.updateComplete;
    expect(text(el)).to.contain('chưa được cấu hình đúng');
    expect($(el, '[part="retry"]')).to.not.exist;
    await expect(el).to.be.accessible();
  });

  it('does not animate when the user prefers reduced motion', async function () {
    skipIn(this, ['firefox', 'webkit'], 'media emulation needs CDP, which neither WebDriver BiDi (Firefox) nor WebDriver classic (WebKit) offers');
    await emulateMedia({ reducedMotion: 'reduce' });
    try {
      const el = await fixture<DvcStatsDonut>(html`<dvc-stats-donut .data=${SEED}></dvc-stats-donut>`);
      expect(matchMedia('(prefers-reduced-motion: reduce)').matches, 'the emulation took').to.equal(true);
      const segment = $(el, '[data-segment="on-time"]')!;
      expect(getComputedStyle(segment).animationName).to.equal('none');
    } finally {
      await emulateMedia({ reducedMotion: 'no-preference' }).catch(() => {});
    }
  });

  it('animates the segments otherwise', async () => {
    const el = await fixture<DvcStatsDonut>(html`<dvc-stats-donut .data=${SEED}></dvc-stats-donut>`);
    if (matchMedia('(prefers-reduced-motion: reduce)').matches) return;
    expect(getComputedStyle($(el, '[data-segment="on-time"]')!).animationName).to.equal('dvc-donut-grow');
  });
});
