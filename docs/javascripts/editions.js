// The language switch keeps the reader's place. Both editions give a section the same
// anchor (scripts/hooks/headings.py), so the link to the other edition's page gets the
// anchor of the section being read: the last heading in the top third of the window or
// above it.
(function () {
  "use strict";

  function sectionInView() {
    var headings = document.querySelectorAll(".md-content h2[id], .md-content h3[id], .md-content h4[id]");
    var found = "";
    var top = window.innerHeight / 3;
    for (var i = 0; i < headings.length; i++) {
      if (headings[i].getBoundingClientRect().top > top) break;
      found = headings[i].id;
    }
    return found;
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a.md-select__link[hreflang]");
    if (!link) return;
    var section = sectionInView();
    var url = new URL(link.href, location.href);
    url.hash = section;
    link.href = url.href;
  }, true);
})();
