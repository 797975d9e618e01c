// An agency's own page script, as a sở would write it for its "Hồ sơ của tôi" page: when the
// citizen picks a dossier in the table, show its details beside it; when they sign out, hide them.
export function wireDossierPage(root) {
  const details = root.querySelector('#dossier-details');
  root.addEventListener('dvc-dossier-select', (event) => {
    const { dossier } = event.detail;
    details.hidden = false;
    details.querySelector('h2').textContent = dossier.procedureName;
    details.querySelector('p').textContent = `Mã hồ sơ: ${dossier.code} — ${dossier.statusName}`;
  });
  root.addEventListener('dvc-logout', () => {
    details.hidden = true;
  });
}
