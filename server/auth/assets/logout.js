// Submits the logout form at once when the provider does not need the citizen to confirm
// (a valid id_token_hint was given). Served as a file so the page needs no inline script.
(function () {
  if (document.body.dataset.autoLogout !== 'yes') return;
  var form = document.getElementById('op.logoutForm');
  if (!form) return;
  var input = document.createElement('input');
  input.type = 'hidden';
  input.name = 'logout';
  input.value = 'yes';
  form.appendChild(input);
  form.submit();
})();
