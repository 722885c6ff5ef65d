// MathJax 3 for the book: loaded before assets/mathjax/tex-chtml.js (see mkdocs.yml).
//
// Only two kinds of element hold math, and MathJax looks nowhere else, so "costs $5
// and $10" in prose stays prose:
//   .arithmatex           pymdownx.arithmatex (generic) wraps each formula of a Markdown
//                         page in one, as \( ... \) or \[ ... \];
//   .jp-RenderedMarkdown  a notebook's Markdown cell, where math is $ ... $ or $$ ... $$
//                         as in Jupyter.
// (Material's recipe, ignoreHtmlClass ".*|" with processHtmlClass "arithmatex", would
// also skip every <p> and <li> inside a notebook cell.)
const MATH = [".arithmatex", ".jp-RenderedMarkdown"];

window.MathJax = {
  // A formula is typeset when it comes into view (its hidden MathML, which screen readers
  // read, is there from the start): a page of two hundred formulas opens as fast as prose.
  // TeX packages that the book uses are loaded up front: one that a formula would load
  // on demand comes too late for a formula typeset lazily.
  loader: { load: ["ui/lazy", "[tex]/boldsymbol", "[tex]/html"] },
  tex: {
    packages: { "[+]": ["boldsymbol", "html"] },
    inlineMath: [["\\(", "\\)"], ["$", "$"]],
    displayMath: [["\\[", "\\]"], ["$$", "$$"]],
    processEscapes: true,
    processEnvironments: true,
  },
  chtml: {
    // Size math by the em of the text around it, not by the x-height of whatever font the
    // reader's system has: the width of a formula then depends on MathJax's own fonts
    // alone, and a pair that fits on one machine fits on every machine. The scale makes
    // TeX's small x-height as tall as the sans-serif text beside it.
    matchFontHeight: false,
    scale: 1.15,
  },
  startup: {
    typeset: false, // document$ below typesets every page, the first one too
    ready() {
      MathJax.startup.defaultReady();
      // The site ships the HTML renderer only (scripts/hooks/mathjax.py): the menu
      // offers no other.
      MathJax.startup.document.menu.menu.findID("Settings", "Renderer", "SVG").disable();
      // MathJax 3.2.2's lazy typesetting may be handed, by the observer that sees formulas
      // come into view, a formula that the playground has cleared since (to typeset its new
      // numbers); it then fails on the missing formula. Forget such formulas first.
      const lazy = MathJax.startup.document;
      const earliestTex = lazy.earliestTex;
      lazy.earliestTex = function (ids) {
        for (const id of ids) if (!this.lazyList.get(id)) ids.delete(id);
        return earliestTex.call(this, ids);
      };
    },
  },
};

// Material emits document$ on the first load and after each instant navigation, which
// swaps the page content without reloading MathJax: forget the old page's math, then
// typeset the new one, after any typesetting still under way.
document$.subscribe(() => {
  MathJax.startup.promise = MathJax.startup.promise.then(() => {
    MathJax.startup.output.clearCache();
    MathJax.typesetClear();
    MathJax.texReset();
    return MathJax.typesetPromise(MATH);
  }).catch((error) => console.error("MathJax:", error)); // the next page still typesets
});
