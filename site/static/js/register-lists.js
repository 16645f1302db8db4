// The register's result pages: the filter panel is open in the HTML (so it is open without
// JavaScript and on wide screens); on a narrow screen it starts folded so the results come first.
(function () {
  "use strict";
  if (!window.matchMedia("(max-width: 47.99rem)").matches) return;
  document.querySelectorAll("details[data-close-when-narrow]").forEach(function (panel) {
    panel.open = false;
  });
})();
