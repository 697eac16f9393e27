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

  // Reference picker: insert [@key] where the cursor is in the last edited wording. One listener
  // on the list, so entries loaded later by a search work too.
  var choices = document.querySelector(".reference-choices");
  function showInsertButtons() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-insert-citation]"), function (button) {
      button.hidden = false;
    });
  }
  showInsertButtons();
  if (choices) {
    choices.addEventListener("click", function (event) {
      var button = event.target.closest("[data-insert-citation]");
      if (!button || !lastArea) {
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
  }

  // The filter searches the whole library on the server, a page at a time.
  var filter = document.getElementById("reference-filter");
  var more = document.getElementById("reference-more");
  var count = document.getElementById("reference-count");
  var searchTimer = null;
  var nextPage = 2;

  function choice(entry) {
    var item = document.createElement("li");
    var key = document.createElement("code");
    key.textContent = "[@" + entry.key + "]";
    var button = document.createElement("button");
    button.type = "button";
    button.className = "link-button";
    button.setAttribute("data-insert-citation", entry.key);
    button.textContent = "Insert";
    var title = document.createElement("span");
    title.className = "reference-choice-title";
    title.textContent = entry.title;
    var meta = document.createElement("span");
    meta.className = "meta";
    meta.textContent = entry.meta;
    [key, document.createTextNode(" "), button, document.createTextNode(" "), title, meta].forEach(function (node) {
      item.appendChild(node);
    });
    return item;
  }

  function search(page) {
    var url = choices.getAttribute("data-search-url") + "?q=" + encodeURIComponent(filter.value.trim()) + "&page=" + page;
    fetch(url, { credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (data) {
        if (page === 1) {
          choices.textContent = "";
        }
        data.results.forEach(function (entry) { choices.appendChild(choice(entry)); });
        nextPage = data.page + 1;
        more.hidden = !data.has_next;
        count.textContent = data.total + (data.total === 1 ? " entry matches." : " entries match.");
      });
  }

  if (filter && choices && more) {
    more.hidden = !/type to search/.test(count.textContent);
    filter.addEventListener("input", function () {
      window.clearTimeout(searchTimer);
      searchTimer = window.setTimeout(function () { search(1); }, 250);
    });
    more.addEventListener("click", function () { search(nextPage); });
  }
})();
