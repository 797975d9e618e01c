// Every element in a React 19 component, as an app writes it: attributes, properties and events
// must all type-check against dvc-widgets/react (generated from custom-elements.json).
import type {} from 'dvc-widgets/react';

export function AgencyPage(props: { onPick(code: string): void }) {
  const stats = { year: 2023, onTime: 3788, late: 32, updatedAt: '2023-04-11T17:13:44+07:00' };
  return (
    <dvc-portal issuer="https://sso.quangtri.gov.vn" client-id="stp" api="https://api.quangtri.gov.vn" lang="vi" storage="session" timeout="20"
      ondvc-login={(e) => console.log(e.detail.user.name)} ondvc-logout={() => undefined} ondvc-error={(e) => console.log(e.detail.code)}>
      <dvc-login-button ondvc-profile-request={(e) => console.log(e.detail.user.sub)} />
      <dvc-signin action="/interaction/abc" />
      <dvc-otp-input name="otp" length={6} required masked-phone="******123" attempts-left={3} resend-after="60" locked={false}
        ondvc-otp-complete={(e) => console.log(e.detail.code)} ondvc-otp-resend={(e) => e.preventDefault()} />
      <dvc-profile-sync ondvc-profile-synced={(e) => console.log(e.detail.changed)} />
      <dvc-dossier-table source="mine" page-size={20} refresh-interval="60" no-lookup
        ondvc-dossier-select={(e) => props.onPick(e.detail.dossier.code ?? '')} />
      <dvc-stats-donut year={2023} />
      <dvc-stats-donut data={stats} className="home-donut" />
      <dvc-process-steps current={2} />
    </dvc-portal>
  );
}
