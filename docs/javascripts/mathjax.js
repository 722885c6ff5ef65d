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
  tex: {
    inlineMath: [["\\(", "\\)"], ["$", "$"]],
    displayMath: [["\\[", "\\]"], ["$$", "$$"]],
    processEscapes: true,
    processEnvironments: true,
  },
  startup: {
    typeset: false, // document$ below typesets every page, the first one too
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
