// The example of README "Testing your page": an agency's own test of its "Hồ sơ của tôi" page,
// written as an agency would (web-test-runner + @open-wc/testing here; Vitest browser mode or
// Playwright work the same way), with dvc-widgets/testing putting the elements into each state.
// No OpenID provider and no dossier API run: nothing leaves the browser.
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import 'dvc-widgets';
import { apiAnswers, fault, resetFakes, samples, signedIn, signedOut } from 'dvc-widgets/testing';
import { wireDossierPage } from './agency-page.js';

/** The page as the agency's CMS renders it. */
async function openPage() {
  const page = await fixture(html`
    <main>
      <dvc-portal issuer="https://sso.quangtri.gov.vn" client-id="stp-quangtri" api="https://api.quangtri.gov.vn">
        <dvc-login-button></dvc-login-button>
        <dvc-dossier-table source="mine" page-size="10"></dvc-dossier-table>
      </dvc-portal>
      <aside id="dossier-details" hidden><h2></h2><p></p></aside>
    </main>
  `);
  wireDossierPage(page);
  return {
    page,
    button: page.querySelector('dvc-login-button'),
    table: page.querySelector('dvc-dossier-table'),
    details: page.querySelector('#dossier-details'),
  };
}
const shadowText = (el) => el.shadowRoot.textContent.replace(/\s+/g, ' ');

describe('Hồ sơ của tôi (agency page)', () => {
  afterEach(() => resetFakes());

  it('asks a signed-out citizen to sign in', async () => {
    const { table } = await openPage();
    await signedOut(table);
    expect(shadowText(table)).to.contain('Vui lòng đăng nhập để xem hồ sơ của bạn');
    await expect(table).to.be.accessible();
  });

  it('shows the citizen their dossiers, and the page shows the one they pick', async () => {
    const { table, button, details } = await openPage();
    await apiAnswers(table, '/me/dossiers', samples.myDossiers(3));
    await signedIn(table, { user: { name: 'Trần Thị Hoa' } });
    await signedIn(button, { user: { name: 'Trần Thị Hoa' } });
    expect(shadowText(button)).to.contain('Trần Thị Hoa');
    expect(table.shadowRoot.querySelectorAll('tbody tr')).to.have.length(3);

    table.shadowRoot.querySelector('[part~="select"]').click();
    await waitUntil(() => !details.hidden, 'the details did not open');
    expect(details.textContent).to.contain('000.00.30.H50-230411-0001');
    await expect(table).to.be.accessible();
  });

  it('says so when the citizen has no dossier yet', async () => {
    const { table } = await openPage();
    await apiAnswers(table, '/me/dossiers', samples.emptyPage());
    await signedIn(table);
    expect(shadowText(table)).to.contain('Chưa có hồ sơ');
  });

  it('survives an outage of the dossier API: the message, then Thử lại once it is back', async () => {
    const { table } = await openPage();
    await apiAnswers(table, '/me/dossiers', fault({ status: 503 }));
    await signedIn(table);
    expect(shadowText(table)).to.contain('Máy chủ đang gặp sự cố');
    await expect(table).to.be.accessible();

    await apiAnswers(table, '/me/dossiers', samples.myDossiers(1));
    expect(table.shadowRoot.querySelectorAll('tbody tr')).to.have.length(1);
  });

  it('hides the details when the citizen signs out', async () => {
    const { table, details } = await openPage();
    await apiAnswers(table, '/me/dossiers', samples.myDossiers(1));
    await signedIn(table);
    table.shadowRoot.querySelector('[part~="select"]').click();
    await waitUntil(() => !details.hidden);
    await signedOut(table);
    expect(details.hidden).to.equal(true);
    expect(shadowText(table)).to.contain('Vui lòng đăng nhập');
  });
});
