// GOV.UK-style error summary: on a page that refused a form, move focus to the
// summary so the person (and a screen reader) meets the problem first; its links
// move focus to the field they name.
(function () {
  "use strict";

  var summary = document.querySelector("[data-error-summary]");
  if (!summary) {
    return;
  }
  summary.focus();
  summary.scrollIntoView({ block: "start" });
  Array.prototype.forEach.call(summary.querySelectorAll("a[href^='#']"), function (link) {
    link.addEventListener("click", function (event) {
      var field = document.getElementById(link.getAttribute("href").slice(1));
      if (!field) {
        return;
      }
      event.preventDefault();
      field.focus();
      field.scrollIntoView({ block: "center" });
    });
  });
})();
