// Live preview of a draft as readers will see it, and the reference picker.
// Without JavaScript the page still works: "Preview" posts the form and the
// server renders the preview; citation keys can be copied from the list.
(function () {
  "use strict";

  var form = document.getElementById("draft-form");
  if (!form) {
    return;
  }
  var previewUrl = form.getAttribute("data-preview-url");
  var csrf = form.querySelector("input[name=csrfmiddlewaretoken]").value;
  var areas = form.querySelectorAll("textarea[data-preview-audience]");
  var lastArea = areas.length ? areas[0] : null;
  var timers = {};
  var sequence = {};

  function refresh(area) {
    var audience = area.getAttribute("data-preview-audience");
    var target = document.querySelector("[data-preview-for='" + audience + "']");
    if (!target) {
      return;
    }
    var body = new FormData();
    body.append("text", area.value);
    body.append("audience", audience);
    var mine = (sequence[audience] = (sequence[audience] || 0) + 1);
    fetch(previewUrl, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrf, "X-Requested-With": "fetch" },
    })
      .then(function (response) {
        return response.text();
      })
      .then(function (html) {
        // Only the newest answer counts: an older, slower one must not overwrite it.
        if (mine === sequence[audience]) {
          // The server's fragment: Markdown rendered and sanitised (markdown-it + nh3).
          target.innerHTML = html;
          target.setAttribute("data-preview-state", "fresh");
        }
      })
      .catch(function () {
        target.setAttribute("data-preview-state", "failed");
      });
  }

  function schedule(area) {
    var audience = area.getAttribute("data-preview-audience");
    window.clearTimeout(timers[audience]);
    timers[audience] = window.setTimeout(function () {
      refresh(area);
    }, 350);
  }

  Array.prototype.forEach.call(areas, function (area) {
    area.addEventListener("input", function () {
      schedule(area);
    });
    area.addEventListener("focus", function () {
      lastArea = area;
    });
  });

  // Reference picker: insert [@key] where the cursor is in the last edited wording.
  Array.prototype.forEach.call(document.querySelectorAll("[data-insert-citation]"), function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      if (!lastArea) {
        return;
      }
      var citation = "[@" + button.getAttribute("data-insert-citation") + "]";
      var start = lastArea.selectionStart;
      var end = lastArea.selectionEnd;
      lastArea.value = lastArea.value.slice(0, start) + citation + lastArea.value.slice(end);
      lastArea.focus();
      lastArea.selectionStart = lastArea.selectionEnd = start + citation.length;
      schedule(lastArea);
    });
  });

  var filter = document.getElementById("reference-filter");
  if (filter) {
    filter.addEventListener("input", function () {
      var query = filter.value.trim().toLowerCase();
      Array.prototype.forEach.call(document.querySelectorAll("[data-reference-text]"), function (item) {
        item.hidden = query !== "" && item.getAttribute("data-reference-text").indexOf(query) === -1;
      });
    });
  }
})();
