// The register's result pages: the filter panel is folded in the HTML, so that a phone shows the
// results first with or without JavaScript. On a wide screen the stylesheet shows its fields; this
// marks the panel open there too, so that its state is announced as it is seen.
(function () {
  "use strict";
  if (window.matchMedia("(max-width: 47.99rem)").matches) return;
  document.querySelectorAll("details[data-open-when-wide]").forEach(function (panel) {
    panel.open = true;
  });
})();
