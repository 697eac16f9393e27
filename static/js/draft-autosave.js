// No lost work in the draft editor: the draft is saved in the background a few
// seconds after typing stops and when the page is left, and the browser warns
// before leaving with changes not yet saved. Each save sends the version the
// page last saw, so a save over someone else's is refused, never silent.
(function () {
  "use strict";

  var form = document.querySelector("form[data-autosave]");
  if (!form) {
    return;
  }
  var status = form.querySelector("[data-autosave-status]");
  var version = form.querySelector("input[name=version]");
  var csrf = form.querySelector("input[name=csrfmiddlewaretoken]").value;
  var DELAY = 4000;
  var changes = 0; // edits made since the page loaded
  var savedChanges = 0; // edits covered by the last successful save
  var inFlight = null;
  var timer = null;
  var stopped = false; // after a conflict: the next manual save shows both versions
  var leaving = false;

  function say(text) {
    if (status) {
      status.textContent = text;
    }
  }

  function dirty() {
    return changes !== savedChanges;
  }

  function body() {
    var data = new FormData(form);
    data.set("action", "autosave");
    return data;
  }

  function save(options) {
    if (stopped || inFlight || !dirty()) {
      return inFlight || Promise.resolve();
    }
    var covering = changes;
    say("Saving…");
    // form.action would be the button named "action": read the attribute.
    inFlight = fetch(form.getAttribute("action") || window.location.href, {
      method: "POST",
      body: body(),
      credentials: "same-origin",
      keepalive: Boolean(options && options.keepalive),
      headers: { "X-CSRFToken": csrf, "X-Requested-With": "fetch", Accept: "application/json" },
    })
      .then(function (response) {
        return response.json().then(function (answer) {
          if (response.ok) {
            savedChanges = covering;
            version.value = answer.version;
            say("Saved at " + new Date().toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" }) + ".");
          } else {
            if (response.status === 409) {
              stopped = true;
            }
            say("Not saved: " + answer.message);
          }
        });
      })
      .catch(function () {
        say("Not saved: the connection failed. Your text is still here; try “Save draft”.");
      })
      .then(function () {
        inFlight = null;
        if (dirty() && !stopped) {
          schedule();
        }
      });
    return inFlight;
  }

  function schedule() {
    window.clearTimeout(timer);
    timer = window.setTimeout(save, DELAY);
  }

  form.addEventListener("input", function () {
    changes += 1;
    say("Unsaved changes.");
    schedule();
  });

  // A button click saves through the form itself; wait for a background save
  // still on its way so the two do not trip over each other's version.
  form.addEventListener("submit", function (event) {
    window.clearTimeout(timer);
    if (inFlight) {
      event.preventDefault();
      var submitter = event.submitter;
      inFlight.then(function () {
        leaving = true;
        form.requestSubmit(submitter);
      });
      return;
    }
    leaving = true;
  });

  window.addEventListener("beforeunload", function (event) {
    if (!leaving && dirty()) {
      event.preventDefault();
      event.returnValue = "";
    }
  });

  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden" && !leaving) {
      save({ keepalive: true });
    }
  });
})();
