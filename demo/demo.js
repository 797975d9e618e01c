// The agency page's own glue: "Thông tin cá nhân" in the login menu brings the profile panel into view.
document.addEventListener('dvc-profile-request', () => {
  const section = document.getElementById('profile');
  section?.scrollIntoView({ behavior: 'smooth', block: 'start' });
  // The panel puts focus on its heading; the smooth scroll above does the moving.
  section?.querySelector('dvc-profile-sync')?.focus({ preventScroll: true });
});
