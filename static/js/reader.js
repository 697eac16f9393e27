// The reader page is the same for everyone, so shared caches can keep it. Two things that
// differ per reader happen here, in the reader's own browser:
// - the wording they chose last time (patient or professional) is remembered in
//   localStorage and opened again, instead of a cookie that would make every page private;
// - the follow-up form gets its CSRF token only when the reader starts to use it.
// Without JavaScript both still work: the wording links are plain links, and a question
// posted without a token comes back with a fresh one (reader.views.csrf_failure).
(function () {
  "use strict";
  var KEY = "reader-audience";

  function remembered() {
    try { return window.localStorage.getItem(KEY); } catch (e) { return null; }
  }
  function remember(value) {
    try { window.localStorage.setItem(KEY, value); } catch (e) { /* private mode: no memory */ }
  }

  var choice = document.querySelector("[data-current-audience]");
  if (choice) {
    var params = new URLSearchParams(window.location.search);
    var preferred = remembered();
    if (!params.has("audience") && preferred && preferred !== choice.dataset.currentAudience) {
      var link = choice.querySelector('a[data-audience="' + preferred + '"]');
      if (link) { window.location.replace(link.href + window.location.hash); return; }
    }
    choice.addEventListener("click", function (event) {
      var link = event.target.closest("a[data-audience]");
      if (link) { remember(link.dataset.audience); }
    });
  }

  var form = document.querySelector("form[data-csrf-token-url]");
  if (!form) { return; }
  var field = form.querySelector('input[name="csrfmiddlewaretoken"]');
  var pending = null;

  function fetchToken() {
    if (field.value) { return Promise.resolve(field.value); }
    if (!pending) {
      pending = fetch(form.dataset.csrfTokenUrl, { credentials: "same-origin", cache: "no-store" })
        .then(function (response) { return response.json(); })
        .then(function (data) { field.value = data.token; return data.token; })
        .catch(function () { pending = null; return ""; });
    }
    return pending;
  }

  form.addEventListener("focusin", fetchToken, { once: true });
  form.addEventListener("submit", function (event) {
    if (field.value) { return; }
    event.preventDefault();
    // Posted either way: without a token the server gives the form back with one.
    fetchToken().then(function () { form.submit(); });
  });
})();
