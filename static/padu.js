// Padu: small progressive enhancements. Every page works without this file.
(function () {
  "use strict";

  // An error summary takes the focus, so screen-reader and keyboard users hear it first.
  function focusSummary(root) {
    var summary = root.querySelector("[data-autofocus]");
    if (summary) {
      summary.focus();
    }
  }

  // A link in the error summary scrolls the field's label into view, not just the input, so
  // the question stays visible above the field.
  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest(".error-summary a") : null;
    if (!link) {
      return;
    }
    var id = decodeURIComponent(link.getAttribute("href").slice(1));
    var input = document.getElementById(id);
    if (!input) {
      return;
    }
    event.preventDefault();
    var label = document.querySelector("label[for='" + id.replace(/'/g, "") + "']");
    (label || input).scrollIntoView();
    input.focus({ preventScroll: true });
  });

  document.addEventListener("DOMContentLoaded", function () {
    focusSummary(document);
  });

  // After htmx swaps in new results, a summary in them is announced the same way.
  document.addEventListener("htmx:afterSwap", function () {
    focusSummary(document);
  });
})();
