// The stacked table: narrower than its columns, each row is a labelled block, and it stays a table
// for assistive technology (explicit roles, since engines may drop a table's semantics once its
// display changes), each cell announced with its column's name. In every engine; the browser's own
// accessibility tree is read in Chromium (CDP).
import { expect, html, waitUntil } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import { skipIn } from '../../testing/engine.js';
import { FakeSession, fakeConfig, fakeUser, sessionFixture } from '../../testing/fake-session.js';
import { json, stubFetch, useStubbedApi, type StubRequest } from '../../testing/fetch-stub.js';
import type { DvcDossierTable } from './dossier-table.js';
import './dossier-table.js';

const API = 'https://api.example.test';
const RESULTS = [
  { code: '000.00.30.H50-230411-0002', applicantName: 'NGUYỄN Đ** T*** K***', resultAt: '2023-04-11T17:13:44+07:00' },
  { code: '000.00.30.H50-230411-0001', applicantName: 'NGUYỄN V** N*** N** N***** D****', resultAt: '2023-04-11T17:13:01+07:00' },
];
const MINE = [
  { code: '000.21.32.H50-230404-0004', procedureName: 'Chứng thực bản sao từ bản chính giấy tờ, văn bản', submittedAt: '2023-04-04T10:10:58+07:00', dueAt: '2023-04-05T17:00:00+07:00', status: 1, statusName: 'Mới đăng ký' },
];
const paged = (r: StubRequest, items: unknown[]) => json({ items, page: Number(r.url.searchParams.get('page')), pageSize: Number(r.url.searchParams.get('pageSize')), total: items.length });

const clean = (s: string) => s.replace(/[▲▼↕]/g, '').replace(/\s+/g, ' ').trim();
/** The text a cell's ::before shows: its column's name, from data-label. */
const shownLabel = (cell: Element) => {
  const content = getComputedStyle(cell, '::before').content;
  if (content === 'none' || content === 'normal') return '';
  // Firefox gives the declared attr(...) back, the others the text it resolves to.
  const attr = /^attr\(([\w-]+)\)$/.exec(content);
  return attr ? (cell.getAttribute(attr[1]!) ?? '') : (JSON.parse(content) as string);
};

async function stackedTable(source: 'public-results' | 'mine', width: number): Promise<DvcDossierTable> {
  stubFetch((r) => paged(r, r.url.pathname === '/public/results' ? RESULTS : MINE));
  const session = new FakeSession(undefined, { ...fakeConfig(), api: API });
  session.signIn(fakeUser());
  const el = await sessionFixture<DvcDossierTable>(
    html`<div style="inline-size: ${width}px"><dvc-dossier-table source=${source} api=${API} no-lookup></dvc-dossier-table></div>`,
    session,
    { config: { ...fakeConfig(), api: API } },
  );
  const table = el.querySelector('dvc-dossier-table')!;
  await waitUntil(() => table.shadowRoot!.querySelector('tbody tr[part="row"]'), 'rows');
  return table;
}

describe('<dvc-dossier-table> stacked (narrower than its columns)', () => {
  useStubbedApi();

  for (const [source, width] of [['public-results', 300], ['mine', 600]] as const) {
    describe(`source="${source}" at ${width} px`, () => {
      it('shows one labelled block per row, each cell with its column\'s name', async () => {
        const el = await stackedTable(source, width);
        const root = el.shadowRoot!;
        const headers = [...root.querySelectorAll('thead th')].map((th) => clean(th.textContent!));
        const rows = [...root.querySelectorAll<HTMLTableRowElement>('tbody tr[part="row"]')];
        expect(rows.length).to.be.greaterThan(0);
        for (const row of rows) {
          expect(getComputedStyle(row).display, 'a row is a block').to.equal('block');
          const cells = [...row.querySelectorAll('td')];
          expect(cells.map(shownLabel), 'every cell shows its column name').to.deep.equal(headers);
          // Each block stacks its cells: no two cells side by side.
          const tops = cells.map((c) => c.getBoundingClientRect().top);
          tops.slice(1).forEach((top, i) => expect(top).to.be.greaterThan(tops[i]!));
        }
        const table = root.querySelector('table')!;
        expect(table.scrollWidth, 'nothing wider than the table').to.be.at.most(table.clientWidth);
      });

      it('keeps the table\'s roles and structure for assistive technology, and passes axe', async () => {
        const el = await stackedTable(source, width);
        const root = el.shadowRoot!;
        expect(root.querySelector('table')!.getAttribute('role')).to.equal('table');
        root.querySelectorAll('thead, tbody').forEach((g) => expect(g.getAttribute('role')).to.equal('rowgroup'));
        root.querySelectorAll('tr').forEach((tr) => expect(tr.getAttribute('role')).to.equal('row'));
        root.querySelectorAll('th').forEach((th) => {
          expect(th.getAttribute('role')).to.equal('columnheader');
          expect(th.getAttribute('scope')).to.equal('col');
        });
        root.querySelectorAll('td').forEach((td) => expect(td.getAttribute('role')).to.equal('cell'));
        // The headers are still there for a screen reader, drawn as sort buttons or visually hidden.
        expect(root.querySelectorAll('thead th').length).to.equal(source === 'mine' ? 5 : 3);
        await expect(el).to.be.accessible();
      });

      it("each cell's accessible name, in the browser's own accessibility tree, begins with its column's name", async function () {
        skipIn(this, ['firefox', 'webkit'], "the accessibility tree is read through CDP's Accessibility domain, which only Chromium has");
        const el = await stackedTable(source, width);
        const headers = [...el.shadowRoot!.querySelectorAll('thead th')].map((th) => clean(th.textContent!));
        const values = [...el.shadowRoot!.querySelectorAll<HTMLTableRowElement>('tbody tr[part="row"]')].map((tr) =>
          [...tr.cells].map((c) => clean(c.textContent!)),
        );
        interface AxNode { role: string; name?: string; children?: AxNode[] }
        const tree = await executeServerCommand<AxNode, undefined>('a11y-tree');
        const find = (node: AxNode, role: string, out: AxNode[] = []): AxNode[] => {
          if (node.role === role) out.push(node);
          node.children?.forEach((c) => find(c, role, out));
          return out;
        };
        expect(find(tree, "table"), "one table in the tree").to.have.length(1);
        expect(find(tree, 'columnheader').map((h) => clean(h.name ?? ''))).to.deep.equal(headers);
        const cells = find(tree, 'cell').map((c) => clean(c.name ?? ''));
        expect(cells).to.deep.equal(values.flatMap((row) => row.map((value, i) => clean(`${headers[i]} ${value}`))));
      });
    });
  }

  it('is a plain table, side by side, where its columns fit', async () => {
    const el = await stackedTable('public-results', 900);
    const cell = el.shadowRoot!.querySelector('tbody td')!;
    expect(getComputedStyle(cell).display).to.equal('table-cell');
    expect(shownLabel(cell)).to.equal('');
  });
});
