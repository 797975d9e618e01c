import { aTimeout, expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { FakeSession, fakeConfig, sessionFixture } from '../../testing/fake-session.js';
import { deferred, json, never, stubFetch, useStubbedApi, type FetchStub, type StubRequest } from '../../testing/fetch-stub.js';
import type { DvcDossierTable } from './dossier-table.js';
import './dossier-table.js';

const API = 'https://api.example.test';

const SEED_RESULTS = [
  { code: '000.00.30.H50-230411-0002', applicantName: 'NGUYỄN ĐỨC TUẤN KIỆT', procedureName: 'Cấp bản sao trích lục hộ tịch', resultAt: '2023-04-11T17:13:44+07:00' },
  { code: '000.00.30.H50-230411-0001', applicantName: 'NGUYỄN VĂN NHÂN NCN NGUYỄN DOÀNG', procedureName: 'Đăng ký khai sinh', resultAt: '2023-04-11T17:13:01+07:00' },
];

function publicPage(request: StubRequest, total = 100_000) {
  const page = Number(request.url.searchParams.get('page'));
  const pageSize = Number(request.url.searchParams.get('pageSize'));
  const items = Array.from({ length: pageSize }, (_, i) => {
    const n = (page - 1) * pageSize + i;
    return n < 2 ? SEED_RESULTS[n] : { code: `000.00.30.H50-230410-${String(n).padStart(4, '0')}`, applicantName: `CÔNG DÂN ${n}`, resultAt: '2023-04-10T08:00:00+07:00' };
  });
  return json({ items, page, pageSize, total });
}

const MY_DOSSIERS = [
  { code: '000.00.30.H50-230301-0007', procedureName: 'Đăng ký thường trú', submittedAt: '2023-03-01T09:30:00+07:00', dueAt: '2023-03-08T17:00:00+07:00', status: 4, statusName: 'Đang xử lý' },
  { code: '000.00.30.H50-230215-0003', procedureName: 'Cấp giấy phép xây dựng', submittedAt: '2023-02-15T14:05:09+07:00', dueAt: '2023-03-15T17:00:00+07:00', status: 10, statusName: 'Đã trả kết quả', resultAt: '2023-03-10T10:00:00+07:00' },
];
const myPage = (request: StubRequest, items: unknown[] = MY_DOSSIERS, total = 23) =>
  json({ items, page: Number(request.url.searchParams.get('page')), pageSize: Number(request.url.searchParams.get('pageSize')), total });

const root = (el: DvcDossierTable) => el.shadowRoot!;
const $ = <T extends Element = HTMLElement>(el: DvcDossierTable, selector: string) => root(el).querySelector<T>(selector);
const $$ = <T extends Element = HTMLElement>(el: DvcDossierTable, selector: string) => [...root(el).querySelectorAll<T>(selector)];
const text = (el: DvcDossierTable) => root(el).textContent!.replace(/\s+/g, ' ');
const cells = (el: DvcDossierTable) => $$(el, 'tbody tr[part="row"]').map((tr) => [...(tr as HTMLTableRowElement).cells].map((c) => c.textContent!.replace(/\s+/g, ' ').trim()));
const headers = (el: DvcDossierTable) => $$(el, 'thead th').map((th) => th.textContent!.replace(/[▲▼↕]/g, '').trim());
const button = (el: DvcDossierTable, label: string) => {
  const found = $$<HTMLButtonElement>(el, 'button').find((b) => b.textContent!.trim() === label || b.getAttribute('aria-label') === label);
  if (!found) throw new Error(`no button "${label}"`);
  return found;
};
const settled = (el: DvcDossierTable, selector: string) => waitUntil(() => $(el, '[part="base"][aria-busy="false"]') && $(el, selector), `no ${selector}`);
const mineFixture = (session: FakeSession, template = html`<dvc-dossier-table source="mine"></dvc-dossier-table>`) =>
  sessionFixture<DvcDossierTable>(template, session, { config: { ...fakeConfig(), api: API } });

describe('<dvc-dossier-table>', () => {
  let stub: FetchStub | undefined;
  useStubbedApi();

  describe('source="public-results"', () => {
    it('shows a loading state, then the seed\'s "HỒ SƠ CÓ KẾT QUẢ" with vi-VN total', async () => {
      const answer = deferred<Response>();
      stub = stubFetch(() => answer.promise);
      const el = await fixture<DvcDossierTable>(html`<dvc-dossier-table api=${API}></dvc-dossier-table>`);
      expect($(el, '[part="base"]')!.getAttribute('aria-busy')).to.equal('true');
      expect($(el, 'tbody')!.textContent).to.contain('Đang tải…');
      expect($(el, 'caption')!.textContent).to.equal('HỒ SƠ CÓ KẾT QUẢ');
      await expect(el).to.be.accessible();

      const request = stub.calls[0]!;
      expect(request.url.pathname).to.equal('/public/results');
      expect(request.url.searchParams.get('page')).to.equal('1');
      expect(request.url.searchParams.get('pageSize')).to.equal('10');
      expect(request.headers.has('authorization')).to.be.false;

      answer.resolve(publicPage(request));
      await settled(el, 'tbody tr[part="row"]');
      expect(headers(el)).to.deep.equal(['STT', 'Họ và tên', 'Ngày có kết quả']);
      expect(cells(el).slice(0, 2)).to.deep.equal([
        ['1', 'NGUYỄN ĐỨC TUẤN KIỆT', '11/04/2023 17:13:44'],
        ['2', 'NGUYỄN VĂN NHÂN NCN NGUYỄN DOÀNG', '11/04/2023 17:13:01'],
      ]);
      expect($(el, '[part="total"]')!.textContent).to.equal('Tổng số: 100.000 hồ sơ');
      expect($(el, 'th[aria-sort]'), 'public results are not sortable').to.not.exist;
      await expect(el).to.be.accessible();
    });

    it('pages on the server: "Trang sau", page numbers and "Trang trước"', async () => {
      stub = stubFetch((r) => publicPage(r, 95));
      const el = await fixture<DvcDossierTable>(html`<dvc-dossier-table api=${API}></dvc-dossier-table>`);
      await settled(el, 'tbody tr[part="row"]');
      expect(button(el, 'Trang trước').disabled).to.be.true;
      expect($(el, 'button[aria-current="page"]')!.textContent!.trim()).to.equal('1');
      expect($$(el, '[part="pagination"] button[data-page]').map((b) => b.dataset.page)).to.deep.equal(['previous', '1', '2', '10', 'next']);

      button(el, 'Trang sau').click();
      await waitUntil(() => stub!.calls.length === 2);
      expect(stub.calls[1]!.url.searchParams.get('page')).to.equal('2');
      await settled(el, 'button[aria-current="page"][data-page="2"]');
      expect(cells(el)[0]![0], 'STT continues on page 2').to.equal('11');
      expect(button(el, 'Trang trước').disabled).to.be.false;

      button(el, 'Trang 10').click();
      await waitUntil(() => stub!.calls.length === 3);
      expect(stub.calls[2]!.url.searchParams.get('page')).to.equal('10');
      await settled(el, 'button[aria-current="page"][data-page="10"]');
      expect(button(el, 'Trang sau').disabled).to.be.true;
      await expect(el).to.be.accessible();

      button(el, 'Trang trước').click();
      await waitUntil(() => stub!.calls.length === 4);
      expect(stub.calls[3]!.url.searchParams.get('page')).to.equal('9');
    });

    it('keeps the keyboard focus on the page number chosen when the numbers move', async () => {
      stub = stubFetch((r) => publicPage(r, 95));
      const el = await fixture<DvcDossierTable>(html`<dvc-dossier-table api=${API}></dvc-dossier-table>`);
      await settled(el, 'tbody tr[part="row"]');
      button(el, 'Trang 10').click();
      await settled(el, 'button[aria-current="page"][data-page="10"]');
      expect($$(el, '[part="pagination"] button[data-page]').map((b) => b.dataset.page)).to.deep.equal(['previous', '1', '9', '10', 'next']);
      // "9" is the second number now and the third once page 9 shows (1 … 8 9 10).
      button(el, 'Trang 9').focus();
      await sendKeys({ press: 'Enter' });
      await settled(el, 'button[aria-current="page"][data-page="9"]');
      expect($$(el, '[part="pagination"] button[data-page]').map((b) => b.dataset.page)).to.deep.equal(['previous', '1', '8', '9', '10', 'next']);
      expect(el.shadowRoot!.activeElement).to.equal(button(el, 'Trang 9'));
    });

    it('goes to the last page when the list shrank below the page shown', async () => {
      let total = 95;
      stub = stubFetch((r) => (Number(r.url.searchParams.get('page')) > Math.ceil(total / 10) ? json({ items: [], page: Number(r.url.searchParams.get('page')), pageSize: 10, total }) : publicPage(r, total)));
      const el = await fixture<DvcDossierTable>(html`<dvc-dossier-table api=${API}></dvc-dossier-table>`);
      await settled(el, 'tbody tr[part="row"]');
      button(el, 'Trang 10').click();
      await settled(el, 'button[aria-current="page"][data-page="10"]');
      total = 35;
      await el.refresh();
      await waitUntil(() => stub!.calls.at(-1)!.url.searchParams.get('page') === '4', 'asks for the new last page');
      await settled(el, 'button[aria-current="page"][data-page="4"]');
      expect(cells(el)[0]![0]).to.equal('31');
    });

    it('asks for page-size rows', async () => {
      stub = stubFetch((r) => publicPage(r));
      const el = await fixture<DvcDossierTable>(html`<dvc-dossier-table api=${API} page-size="20"></dvc-dossier-table>`);
      await settled(el, 'tbody tr[part="row"]');
      expect(stub.calls[0]!.url.searchParams.get('pageSize')).to.equal('20');
      expect(cells(el)).to.have.length(20);
    });

    it('shows an empty state', async () => {
      stub = stubFetch(() => json({ items: [], page: 1, pageSize: 10, total: 0 }));
      const el = await fixture<DvcDossierTable>(html`<dvc-dossier-table api=${API}></dvc-dossier-table>`);
      await settled(el, 'td.message');
      await waitUntil(() => $(el, 'td.message')!.textContent!.includes('Chưa có hồ sơ'));
      expect($(el, '[part="pagination"]')).to.not.exist;
      await expect(el).to.be.accessible();
    });

    it('shows an error with a working "Thử lại" (500, then 200)', async () => {
      let ok = false;
      stub = stubFetch((r) => (ok ? publicPage(r) : json({ error: 'server_error', message: 'boom' }, 500)));
      const el = await fixture<DvcDossierTable>(html`<dvc-dossier-table api=${API}></dvc-dossier-table>`);
      const event = await oneEvent(el, 'dvc-error');
      expect(event.detail).to.include({ code: 'http', status: 500 });
      await settled(el, '[part="error"]');
      expect($(el, '[part="error"]')!.textContent).to.contain('Máy chủ đang gặp sự cố');
      expect($(el, '[part="title"]')!.textContent, 'the title stays').to.equal('HỒ SƠ CÓ KẾT QUẢ');
      expect(stub.calls, 'GETs are retried twice on 5xx').to.have.length(3);
      await expect(el).to.be.accessible();
      ok = true;
      button(el, 'Thử lại').click();
      await settled(el, 'tbody tr[part="row"]');
      expect($(el, '[part="error"]')).to.not.exist;
      expect(cells(el)[0]![1]).to.equal('NGUYỄN ĐỨC TUẤN KIỆT');
    });

    it('recovers by itself when a 503 is followed by a good answer', async () => {
      let n = 0;
      stub = stubFetch((r) => (++n === 1 ? new Response('', { status: 503 }) : publicPage(r)));
      const el = await fixture<DvcDossierTable>(html`<dvc-dossier-table api=${API}></dvc-dossier-table>`);
      await settled(el, 'tbody tr[part="row"]');
      expect(stub.calls).to.have.length(2);
      expect($(el, '[part="error"]')).to.not.exist;
    });

    it('reports malformed JSON as invalid data', async () => {
      stub = stubFetch(() => new Response('{"items": [', { headers: { 'content-type': 'application/json' } }));
      const el = await fixture<DvcDossierTable>(html`<dvc-dossier-table api=${API}></dvc-dossier-table>`);
      expect((await oneEvent(el, 'dvc-error')).detail.code).to.equal('invalid_response');
      await settled(el, '[part="error"]');
      expect(text(el)).to.contain('Máy chủ trả về dữ liệu không hợp lệ');
      expect(stub.calls, 'not retried').to.have.length(1);
      await expect(el).to.be.accessible();
    });

    it('reports a wrong shape as invalid data, never [object Object]', async () => {
      stub = stubFetch(() => json({ items: { a: 1 }, total: 'many' }));
      const el = await fixture<DvcDossierTable>(html`<dvc-dossier-table api=${API}></dvc-dossier-table>`);
      expect((await oneEvent(el, 'dvc-error')).detail.code).to.equal('invalid_response');
      await settled(el, '[part="error"]');
      expect(text(el)).to.not.match(/NaN|undefined|\[object Object\]|null/);
    });

    it('shows "Không có dữ liệu" for malformed fields', async () => {
      stub = stubFetch(() => json({ items: [{ code: 7, applicantName: { first: 'A' }, resultAt: 'hôm qua' }], page: 1, pageSize: 10, total: 1 }));
      const el = await fixture<DvcDossierTable>(html`<dvc-dossier-table api=${API}></dvc-dossier-table>`);
      await settled(el, 'tbody tr[part="row"]');
      expect(cells(el)).to.deep.equal([['1', 'Không có dữ liệu', 'Không có dữ liệu']]);
      expect(text(el)).to.not.match(/NaN|undefined|\[object Object\]/);
    });

    it('times out when the server does not answer', async () => {
      stub = stubFetch(() => never());
      const el = await fixture<DvcDossierTable>(html`<dvc-dossier-table api=${API} timeout="0.2"></dvc-dossier-table>`);
      expect((await oneEvent(el, 'dvc-error')).detail.code).to.equal('timeout');
      await settled(el, '[part="error"]');
      expect(text(el)).to.contain('Máy chủ không phản hồi kịp');
      expect(button(el, 'Thử lại')).to.exist;
      await expect(el).to.be.accessible();
    });

    it('shows a name containing markup as text', async () => {
      const name = '<img src=x onerror="window.__xss=1">NGUYỄN <b>VĂN</b> A';
      stub = stubFetch(() => json({ items: [{ code: 'X', applicantName: name, resultAt: SEED_RESULTS[0]!.resultAt }], page: 1, pageSize: 10, total: 1 }));
      const el = await fixture<DvcDossierTable>(html`<dvc-dossier-table api=${API}></dvc-dossier-table>`);
      await settled(el, 'tbody tr[part="row"]');
      expect(cells(el)[0]![1]).to.equal(name);
      expect($(el, 'tbody img'), 'no element made from the name').to.not.exist;
      expect($(el, 'tbody b')).to.not.exist;
      expect((window as { __xss?: number }).__xss).to.be.undefined;
    });

    it('speaks English: 100,000, Previous/Next, the same date format', async () => {
      stub = stubFetch((r) => publicPage(r));
      const el = await fixture<DvcDossierTable>(html`<dvc-dossier-table lang="en" api=${API}></dvc-dossier-table>`);
      await settled(el, 'tbody tr[part="row"]');
      expect($(el, 'caption')!.textContent).to.equal('DOSSIERS WITH RESULTS');
      expect(headers(el)).to.deep.equal(['No.', 'Full name', 'Result date']);
      expect($(el, '[part="total"]')!.textContent).to.equal('Total: 100,000 dossiers');
      expect(cells(el)[0]![2]).to.equal('11/04/2023 17:13:44');
      expect(button(el, 'Previous')).to.exist;
      expect(button(el, 'Next')).to.exist;
      expect(button(el, 'Page 10,000')).to.exist;
      await expect(el).to.be.accessible();
    });

    it('fires dvc-dossier-select on click and on Enter', async () => {
      stub = stubFetch((r) => publicPage(r));
      const el = await fixture<DvcDossierTable>(html`<dvc-dossier-table api=${API}></dvc-dossier-table>`);
      await settled(el, 'tbody tr[part="row"]');
      const rows = $$<HTMLTableRowElement>(el, 'tbody tr[part="row"]');
      setTimeout(() => rows[1]!.cells[2]!.click());
      const clicked = await oneEvent(el, 'dvc-dossier-select');
      expect(clicked.detail.dossier).to.deep.equal(SEED_RESULTS[1]);
      expect(clicked.detail.source).to.equal('public-results');
      expect(clicked.bubbles && clicked.composed).to.be.true;

      rows[0]!.querySelector('button')!.focus();
      setTimeout(() => void sendKeys({ press: 'Enter' }));
      const pressed = await oneEvent(el, 'dvc-dossier-select');
      expect(pressed.detail.dossier.code).to.equal(SEED_RESULTS[0]!.code);

      setTimeout(() => void sendKeys({ press: ' ' }));
      expect((await oneEvent(el, 'dvc-dossier-select')).detail.dossier.code).to.equal(SEED_RESULTS[0]!.code);
    });

    it('makes one request for identical tables on the page', async () => {
      const answer = deferred<Response>();
      stub = stubFetch(() => answer.promise);
      const wrapper = await fixture<HTMLDivElement>(html`<div>
        <dvc-dossier-table api=${API}></dvc-dossier-table><dvc-dossier-table api=${API}></dvc-dossier-table>
      </div>`);
      const [a, b] = [...wrapper.querySelectorAll('dvc-dossier-table')];
      expect(stub.calls).to.have.length(1);
      answer.resolve(publicPage(stub.calls[0]!));
      await settled(a!, 'tbody tr[part="row"]');
      await settled(b!, 'tbody tr[part="row"]');
      expect(cells(b!)[0]![1]).to.equal('NGUYỄN ĐỨC TUẤN KIỆT');
    });

    it('keeps a shared request going for the other table when one leaves', async () => {
      const answer = deferred<Response>();
      stub = stubFetch(() => answer.promise);
      const wrapper = await fixture<HTMLDivElement>(html`<div>
        <dvc-dossier-table api=${API}></dvc-dossier-table><dvc-dossier-table api=${API}></dvc-dossier-table>
      </div>`);
      const [a, b] = [...wrapper.querySelectorAll('dvc-dossier-table')];
      a!.remove();
      expect(stub.calls[0]!.signal!.aborted).to.be.false;
      answer.resolve(publicPage(stub.calls[0]!));
      await settled(b!, 'tbody tr[part="row"]');
      b!.remove();
    });

    it('aborts its request when it leaves the page', async () => {
      stub = stubFetch(() => never());
      const el = await fixture<DvcDossierTable>(html`<dvc-dossier-table api=${API}></dvc-dossier-table>`);
      el.remove();
      expect(stub.calls[0]!.signal!.aborted).to.be.true;
    });

    it('refreshes every refresh-interval seconds, pauses while the tab is hidden and resumes', async () => {
      stub = stubFetch((r) => publicPage(r));
      const el = await fixture<DvcDossierTable>(html`<dvc-dossier-table api=${API} refresh-interval="0.1"></dvc-dossier-table>`);
      await waitUntil(() => stub!.calls.length >= 3, 'it refreshes');
      try {
        Object.defineProperty(document, 'hidden', { configurable: true, get: () => true });
        document.dispatchEvent(new Event('visibilitychange'));
        await el.updateComplete;
        const before = stub.calls.length;
        // Nothing to await: the assertion is that nothing happens for several intervals.
        await aTimeout(450);
        expect(stub.calls.length, 'no request while hidden').to.be.at.most(before + 1);
        const whileHidden = stub.calls.length;
        await aTimeout(300);
        expect(stub.calls.length).to.equal(whileHidden);
      } finally {
        delete (document as { hidden?: boolean }).hidden;
      }
      const resumedFrom = stub.calls.length;
      document.dispatchEvent(new Event('visibilitychange'));
      await waitUntil(() => stub!.calls.length > resumedFrom, 'it resumes when visible');
      el.remove();
    });

    it('announces new rows politely after a refresh', async () => {
      let items = SEED_RESULTS;
      stub = stubFetch(() => json({ items, page: 1, pageSize: 10, total: items.length }));
      const el = await fixture<DvcDossierTable>(html`<dvc-dossier-table api=${API}></dvc-dossier-table>`);
      await settled(el, 'tbody tr[part="row"]');
      const live = $(el, '[role="status"][aria-live="polite"]')!;
      expect(live.textContent!.trim()).to.equal('');
      items = [
        { code: 'NEW-2', applicantName: 'TRẦN THỊ B', procedureName: 'x', resultAt: '2023-04-12T08:00:00+07:00' },
        { code: 'NEW-1', applicantName: 'LÊ VĂN C', procedureName: 'x', resultAt: '2023-04-12T07:00:00+07:00' },
        ...SEED_RESULTS,
      ];
      await el.refresh();
      await waitUntil(() => live.textContent!.trim() === 'Có 2 hồ sơ mới', 'announced');
      expect($$(el, '.badge').map((b) => b.textContent)).to.deep.equal(['Mới', 'Mới']);
      await expect(el).to.be.accessible();
    });

    describe('look-up by dossier code', () => {
      const submit = async (el: DvcDossierTable, code: string) => {
        const input = $<HTMLInputElement>(el, 'input[name="code"]')!;
        input.focus();
        input.value = '';
        await sendKeys({ type: code });
        await sendKeys({ press: 'Enter' });
      };

      it('shows the dossier found', async () => {
        stub = stubFetch((r) =>
          r.url.pathname.startsWith('/dossiers/')
            ? json({ ...MY_DOSSIERS[1], code: decodeURIComponent(r.url.pathname.split('/')[2]!) })
            : json({ items: [], page: 1, pageSize: 10, total: 0 }),
        );
        const el = await fixture<DvcDossierTable>(html`<dvc-dossier-table api=${API}></dvc-dossier-table>`);
        await settled(el, 'td.message');
        expect(button(el, 'Tra cứu')).to.exist;
        await submit(el, '000.00.30.H50-230215-0003');
        await waitUntil(() => $(el, '[part="lookup-result"] dl'), 'result shown');
        const lookup = stub.calls.find((c) => c.url.pathname.startsWith('/dossiers/'))!;
        expect(lookup.url.pathname).to.equal('/dossiers/000.00.30.H50-230215-0003');
        const result = $(el, '[part="lookup-result"]')!.textContent!.replace(/\s+/g, ' ');
        expect(result).to.contain('000.00.30.H50-230215-0003').and.contain('Đã trả kết quả').and.contain('15/02/2023 14:05:09').and.contain('Cấp giấy phép xây dựng');
        await expect(el).to.be.accessible();
      });

      it('says when no dossier has that code', async () => {
        stub = stubFetch((r) =>
          r.url.pathname.startsWith('/dossiers/') ? json({ error: 'not_found', message: 'Không tìm thấy' }, 404) : json({ items: [], page: 1, pageSize: 10, total: 0 }),
        );
        const el = await fixture<DvcDossierTable>(html`<dvc-dossier-table api=${API}></dvc-dossier-table>`);
        await settled(el, 'td.message');
        await submit(el, '000.00.30.H50-230101-9999');
        await waitUntil(() => $(el, '[part="lookup-result"]')!.textContent!.includes('Không tìm thấy hồ sơ'), 'not found shown');
        expect($(el, '[part="lookup-result"]')!.textContent).to.contain('Không tìm thấy hồ sơ có mã 000.00.30.H50-230101-9999');
        expect($(el, '[part="lookup-result"]')!.getAttribute('aria-live')).to.equal('polite');
        expect(stub.calls.filter((c) => c.url.pathname.startsWith('/dossiers/')), 'a 404 is not retried').to.have.length(1);
        await expect(el).to.be.accessible();
      });

      it('says when the code is malformed', async () => {
        stub = stubFetch((r) =>
          r.url.pathname.startsWith('/dossiers/') ? json({ error: 'invalid_parameter', message: 'bad' }, 400) : json({ items: [], page: 1, pageSize: 10, total: 0 }),
        );
        const el = await fixture<DvcDossierTable>(html`<dvc-dossier-table api=${API}></dvc-dossier-table>`);
        await settled(el, 'td.message');
        await submit(el, 'abc/../x');
        await waitUntil(() => $(el, '[part="lookup-result"]')!.textContent!.includes('không đúng định dạng'));
        expect(stub.calls.at(-1)!.url.pathname).to.equal('/dossiers/abc%2F..%2Fx');
      });
    });
  });

  describe('source="mine"', () => {
    it('asks a signed-out citizen to sign in, and the button starts sign-in', async () => {
      stub = stubFetch(() => json({}));
      const session = new FakeSession();
      const el = await mineFixture(session);
      expect(text(el)).to.contain('Vui lòng đăng nhập để xem hồ sơ của bạn');
      expect($(el, 'table')).to.not.exist;
      expect($(el, '[part="title"]')!.textContent).to.equal('HỒ SƠ CỦA TÔI');
      expect(stub.calls.filter((c) => c.url.pathname.startsWith('/me/'))).to.have.length(0);
      await expect(el).to.be.accessible();
      button(el, 'Đăng nhập bằng Cổng DVC Quốc gia').click();
      expect(session.calls).to.deep.equal(['login']);
    });

    it('shows progress while signing in', async () => {
      const session = new FakeSession({ status: 'busy' });
      const el = await mineFixture(session);
      expect(text(el)).to.contain('Đang đăng nhập…');
      expect($(el, '[part="base"]')!.getAttribute('aria-busy')).to.equal('true');
      await expect(el).to.be.accessible();
    });

    it('lists the citizen\'s dossiers with the Bearer token, sorted by submission date, newest first', async () => {
      const answer = deferred<Response>();
      stub = stubFetch(() => answer.promise);
      const session = new FakeSession();
      session.signIn();
      const el = await mineFixture(session);
      expect($(el, 'tbody')!.textContent).to.contain('Đang tải…');
      await expect(el).to.be.accessible();
      const request = stub.calls[0]!;
      expect(request.url.pathname).to.equal('/me/dossiers');
      expect(request.headers.get('authorization')).to.equal('Bearer fake-access-token');
      expect(Object.fromEntries(request.url.searchParams)).to.deep.equal({ page: '1', pageSize: '10', sort: '-submittedAt' });
      answer.resolve(myPage(request));
      await settled(el, 'tbody tr[part="row"]');
      expect(headers(el)).to.deep.equal(['Mã hồ sơ', 'Thủ tục', 'Ngày nộp', 'Hạn xử lý', 'Trạng thái']);
      expect(cells(el)[0]).to.deep.equal(['000.00.30.H50-230301-0007', 'Đăng ký thường trú', '01/03/2023 09:30:00', '08/03/2023 17:00:00', 'Đang xử lý']);
      expect($(el, 'th[data-sort="submittedAt"]')!.getAttribute('aria-sort')).to.equal('descending');
      expect($$(el, 'th[aria-sort]')).to.have.length(1);
      expect($(el, '[part="total"]')!.textContent).to.equal('Tổng số: 23 hồ sơ');
      await expect(el).to.be.accessible();
    });

    it('sorts on the server from the column headers, keeping aria-sort in step', async () => {
      stub = stubFetch((r) => myPage(r));
      const session = new FakeSession();
      session.signIn();
      const el = await mineFixture(session);
      await settled(el, 'tbody tr[part="row"]');
      $<HTMLButtonElement>(el, 'th[data-sort="code"] button')!.click();
      await waitUntil(() => stub!.calls.length === 2);
      expect(stub.calls[1]!.url.searchParams.get('sort')).to.equal('code');
      await el.updateComplete;
      expect($(el, 'th[data-sort="code"]')!.getAttribute('aria-sort')).to.equal('ascending');
      expect($(el, 'th[data-sort="submittedAt"]')!.hasAttribute('aria-sort')).to.be.false;

      $<HTMLButtonElement>(el, 'th[data-sort="code"] button')!.click();
      await waitUntil(() => stub!.calls.length === 3);
      expect(stub.calls[2]!.url.searchParams.get('sort')).to.equal('-code');
      await el.updateComplete;
      expect($(el, 'th[data-sort="code"]')!.getAttribute('aria-sort')).to.equal('descending');

      // Sorting goes back to page 1.
      await settled(el, 'tbody tr[part="row"]');
      button(el, 'Trang sau').click();
      await waitUntil(() => stub!.calls.length === 4);
      expect(stub.calls[3]!.url.searchParams.get('page')).to.equal('2');
      await settled(el, 'button[aria-current="page"][data-page="2"]');
      $<HTMLButtonElement>(el, 'th[data-sort="dueAt"] button')!.click();
      await waitUntil(() => stub!.calls.length === 5);
      expect(Object.fromEntries(stub.calls[4]!.url.searchParams)).to.deep.equal({ page: '1', pageSize: '10', sort: 'dueAt' });
    });

    it('filters by the national statuses', async () => {
      stub = stubFetch((r) => myPage(r));
      const session = new FakeSession();
      session.signIn();
      const el = await mineFixture(session);
      await settled(el, 'tbody tr[part="row"]');
      const select = $<HTMLSelectElement>(el, 'select[part="status-filter"]')!;
      expect([...select.options].map((o) => o.textContent!.trim())).to.deep.equal([
        'Tất cả trạng thái',
        'Mới đăng ký',
        'Được tiếp nhận',
        'Không được tiếp nhận',
        'Đang xử lý',
        'Yêu cầu bổ sung giấy tờ',
        'Yêu cầu thực hiện nghĩa vụ tài chính',
        'Công dân yêu cầu rút hồ sơ',
        'Dừng xử lý',
        'Đã xử lý xong',
        'Đã trả kết quả',
      ]);
      select.value = '4';
      select.dispatchEvent(new Event('change'));
      await waitUntil(() => stub!.calls.length === 2);
      expect(stub.calls[1]!.url.searchParams.get('status')).to.equal('4');
      expect(stub.calls[1]!.url.searchParams.get('page')).to.equal('1');
      select.value = '';
      select.dispatchEvent(new Event('change'));
      await waitUntil(() => stub!.calls.length === 3);
      expect(stub.calls[2]!.url.searchParams.has('status')).to.be.false;
    });

    it('shows status names in English', async () => {
      stub = stubFetch((r) => myPage(r));
      const session = new FakeSession();
      session.signIn();
      const el = await mineFixture(session, html`<dvc-dossier-table lang="en" source="mine"></dvc-dossier-table>`);
      await settled(el, 'tbody tr[part="row"]');
      expect(cells(el).map((r) => r[4])).to.deep.equal(['Being processed', 'Result returned']);
      expect(headers(el)).to.deep.equal(['Dossier code', 'Procedure', 'Submitted', 'Due', 'Status']);
    });

    it('on 401 expires the session and asks to sign in again', async () => {
      const answer = deferred<Response>();
      stub = stubFetch(() => answer.promise);
      const session = new FakeSession();
      session.signIn();
      const el = await mineFixture(session);
      const errorEvent = oneEvent(el, 'dvc-error');
      answer.resolve(json({ error: 'invalid_token', message: 'expired' }, 401, { 'www-authenticate': 'Bearer error="invalid_token"' }));
      const event = await errorEvent;
      expect(event.detail.code).to.equal('session_expired');
      await settled(el, '[part="signed-out"]');
      expect(session.calls).to.include('expire');
      expect(text(el)).to.contain('Phiên đăng nhập đã hết hạn');
      expect(stub.calls, '401 is not retried').to.have.length(1);
      await expect(el).to.be.accessible();
      button(el, 'Đăng nhập bằng Cổng DVC Quốc gia').click();
      expect(session.calls).to.include('login');
    });

    it('after a 401, a new sign-in of the same citizen loads the rows again (a new grant, not the refused one)', async () => {
      let refuse = true;
      stub = stubFetch((r) => (refuse ? json({ error: 'invalid_token' }, 401) : myPage(r)));
      const session = new FakeSession();
      session.signIn();
      const el = await mineFixture(session);
      await settled(el, '[part="signed-out"]');
      expect(text(el)).to.contain('Phiên đăng nhập đã hết hạn');
      refuse = false;
      session.busy();
      session.signIn();
      await settled(el, 'tbody tr[part="row"]');
      expect(stub.calls).to.have.length(2);
      expect(session.authorised.map((r) => r.method + ' ' + new URL(r.url).pathname)).to.deep.equal(['GET /me/dossiers', 'GET /me/dossiers']);
    });

    it('hides the citizen\'s rows on sign-out', async () => {
      stub = stubFetch((r) => myPage(r));
      const session = new FakeSession();
      session.signIn();
      const el = await mineFixture(session);
      await settled(el, 'tbody tr[part="row"]');
      session.signOut();
      await el.updateComplete;
      expect($(el, 'table')).to.not.exist;
      expect(text(el)).to.not.contain('000.00.30.H50-230301-0007');
      expect(text(el)).to.contain('Vui lòng đăng nhập để xem hồ sơ của bạn');
    });

    it('shows an empty state', async () => {
      stub = stubFetch((r) => myPage(r, [], 0));
      const session = new FakeSession();
      session.signIn();
      const el = await mineFixture(session);
      await settled(el, 'td.message');
      await waitUntil(() => $(el, 'td.message')!.textContent!.includes('Chưa có hồ sơ'));
      await expect(el).to.be.accessible();
    });

    it('shows a configuration error outside a portal without issuer', async () => {
      const el = await fixture<DvcDossierTable>(html`<dvc-dossier-table source="mine" api=${API}></dvc-dossier-table>`);
      expect(text(el)).to.contain('chưa được cấu hình đúng');
      await expect(el).to.be.accessible();
    });
  });
});
