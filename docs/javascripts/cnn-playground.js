// The CNN playground: draw a 6x6 digit, watch the convolutional network of chapter 5 read it.
//
// Markup (docs/interactive/cnn-playground.md): <div class="cnn69-playground">. data-image="n"
// starts on training image n (default 1). Every word a reader sees comes from the edition's
// word table, group cnn_playground (BookWords.t, see instruments.js). The network's math is
// Cnn69 (cnn69.js), its trained parameters and training set window.CNN69_DATA (written by
// snippets/cnn_playground.py).
(function () {
  "use strict";

  const { t } = window.BookWords;
  const { FILTERS, SIZE, MAP, POOLED, OUTPUTS } = window.Cnn69 || {};
  const instances = new Set();

  // --- small helpers (as in playground.js) ---------------------------------------------

  function element(tag, attributes = {}, ...children) {
    const made = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes)) made.setAttribute(name, value);
    made.append(...children);
    return made;
  }

  // A number for reading: fixed digits, a true minus sign, no "-0.00"
  function show(value, digits) {
    if (!Number.isFinite(value)) return String(value);
    const text = value.toFixed(digits);
    return Number(text) === 0 ? (0).toFixed(digits) : text.replace("-", "\u2212");
  }

  // The same number for TeX, where "-" is already a minus
  function tex(value, digits) {
    return show(value, digits).replace("\u2212", "-");
  }

  // A value as the formulas show it: rounded, so that the sums written out add up
  function shown(value, digits) {
    return Number(value.toFixed(digits));
  }

  function pmatrix(rows) {
    return "\\begin{pmatrix}" + rows.map((row) => row.join(" & ")).join("\\\\") + "\\end{pmatrix}";
  }

  // Typeset after any typesetting under way (mathjax.js chains on the same promise); only the
  // latest TeX of each element is typeset, so fast clicks do not queue up work.
  const pendingTex = new Map();

  function typeset(target, source) {
    const waiting = pendingTex.size > 0;
    pendingTex.set(target, source);
    if (waiting) return;
    const MathJax = window.MathJax;
    const run = () => {
      const targets = [...pendingTex.keys()].filter((t) => document.contains(t));
      const sources = targets.map((t) => pendingTex.get(t));
      pendingTex.clear(); // first, so that an error here cannot block later updates
      targets.forEach((t, n) => {
        if (MathJax && MathJax.typesetClear) MathJax.typesetClear([t]);
        t.textContent = "\\[" + sources[n] + "\\]";
      });
      return MathJax && MathJax.typesetPromise ? MathJax.typesetPromise(targets) : null;
    };
    if (MathJax && MathJax.startup && MathJax.startup.promise) {
      MathJax.startup.promise = MathJax.startup.promise.then(run)
        .catch((error) => console.error("cnn playground:", error));
    } else {
      Promise.resolve().then(run); // no MathJax: the TeX stays readable as text
    }
  }

  // Arrow keys (and Home, End) on a grid of `rows` x `columns` buttons: the cell to go to, or null
  function moveTo(key, row, column, rows, columns) {
    const to = { ArrowUp: [row - 1, column], ArrowDown: [row + 1, column], ArrowLeft: [row, column - 1],
                 ArrowRight: [row, column + 1], Home: [row, 0], End: [row, columns - 1] }[key];
    if (!to) return null;
    const [r, c] = to;
    return r < 0 || r >= rows || c < 0 || c >= columns ? [row, column] : [r, c];
  }

  // A roving tabindex: one button of the grid is in the tab order, the arrow keys move focus
  function rove(buttons, rows, columns) {
    buttons.forEach((button, n) => {
      button.addEventListener("keydown", (event) => {
        const to = moveTo(event.key, Math.floor(n / columns), n % columns, rows, columns);
        if (!to) return;
        event.preventDefault();
        const next = to[0] * columns + to[1];
        buttons.forEach((b, m) => b.setAttribute("tabindex", m === next ? "0" : "-1"));
        buttons[next].focus();
      });
    });
  }

  // --- one playground ------------------------------------------------------------------

  class CnnPlayground {
    constructor(root, data) {
      this.root = root;
      this.data = data;
      this.x = data.images[root.dataset.image ? Number(root.dataset.image) - 1 : 0].slice();
      this.params = Cnn69.copy(data.trained);
      this.chosen = { k: 0, i: 0, j: 0 }; // the feature-map unit whose formula is shown
      this.said = null;
      this.told = null;
      this.build();
      this.update();
    }

    build() {
      const id = `cnn69-${instances.size + 1}-${Math.random().toString(36).slice(2, 7)}`;
      this.root.textContent = "";
      this.root.classList.add("net47", "cnn69");

      // the image
      this.grid = element("div", { class: "net47-grid cnn69-grid", role: "group",
        "aria-label": t("cnn_playground.grid_label") });
      this.pixels = this.x.map((_, n) => {
        const pixel = element("button", {
          type: "button", class: "net47-pixel", tabindex: n === 0 ? "0" : "-1",
          "aria-label": t("cnn_playground.pixel", { n: n + 1, row: Math.floor(n / SIZE) + 1, column: (n % SIZE) + 1 }),
        });
        pixel.addEventListener("click", () => { this.x[n] = 1 - this.x[n]; this.select.value = ""; this.update(); });
        this.grid.append(pixel);
        return pixel;
      });
      rove(this.pixels, SIZE, SIZE);
      this.select = element("select", { id: `${id}-load`, class: "net47-load" },
        element("option", { value: "" }, t("cnn_playground.load_prompt", { images: this.data.images.length })));
      this.data.images.forEach((_, n) => {
        this.select.append(element("option", { value: String(n) },
          t("cnn_playground.load_option", { n: n + 1, label: this.data.labels[n] })));
      });
      this.select.addEventListener("change", () => {
        if (this.select.value === "") return;
        this.x = this.data.images[Number(this.select.value)].slice();
        this.update();
      });
      const clear = element("button", { type: "button", class: "net47-button" }, t("cnn_playground.clear"));
      clear.addEventListener("click", () => { this.x.fill(0); this.select.value = ""; this.update(); });
      const input = element("div", { class: "net47-input" }, this.grid,
        element("label", { for: `${id}-load`, class: "net47-label" }, t("cnn_playground.load_label")),
        element("div", { class: "net47-row" }, this.select, clear));

      // the outputs and the answer (announced)
      this.cells = [];
      const body = element("tbody");
      for (let c = 0; c < OUTPUTS; c++) {
        this.cells.push([element("td"), element("td")]);
        const name = t("cnn_playground.output_unit", { c: c + 1, digit: c + 1 });
        body.append(element("tr", {}, element("th", { scope: "row" }, name), ...this.cells[c]));
      }
      const table = element("table", { class: "net47-readout" },
        element("caption", {}, t("cnn_playground.readout_caption")),
        element("thead", {}, element("tr", {}, element("th", { scope: "col" }, t("cnn_playground.unit_heading")),
          element("th", { scope: "col" }, "z"), element("th", { scope: "col" }, "a"))),
        body);
      this.says = element("p", { class: "net47-says", "aria-live": "polite" });
      const readout = element("div", { class: "net47-readouts" }, table, this.says);
      this.root.append(element("div", { class: "net47-top" }, input, readout));

      // the three feature maps: one button per unit, to choose the formula below
      this.units = [];
      const maps = [];
      for (let k = 0; k < FILTERS; k++) {
        const buttons = [];
        for (let i = 0; i < MAP; i++) {
          for (let j = 0; j < MAP; j++) {
            const unit = element("button", { type: "button", class: "cnn69-unit", tabindex: i + j === 0 ? "0" : "-1" });
            unit.addEventListener("click", () => {
              this.chosen = { k, i, j };
              this.update();
              this.announce.textContent = this.told; // read out when a reader chooses, not at every pixel
            });
            buttons.push(unit);
          }
        }
        rove(buttons, MAP, MAP);
        this.units.push(buttons);
        maps.push(element("div", { class: "cnn69-map-box" },
          element("p", { class: "net47-label", id: `${id}-map${k}` }, t("cnn_playground.map", { k: k + 1 })),
          element("div", { class: "cnn69-map", role: "group", "aria-labelledby": `${id}-map${k}` }, ...buttons)));
      }
      this.pooledMaps = [];
      for (let k = 0; k < FILTERS; k++) {
        const map = element("div", { class: "cnn69-map cnn69-pooled", role: "img" });
        for (let n = 0; n < POOLED * POOLED; n++) map.append(element("span", { class: "cnn69-value", "aria-hidden": "true" }));
        this.pooledMaps.push(map);
      }
      this.root.append(
        element("p", { class: "net47-label cnn69-heading" }, t("cnn_playground.maps_title")),
        element("div", { class: "cnn69-maps" }, ...maps),
        element("p", { class: "net47-label cnn69-heading" }, t("cnn_playground.pooled_title")),
        element("div", { class: "cnn69-maps" }, ...this.pooledMaps));

      // the chosen unit, in words and as a formula pair; the words are announced when a unit is chosen
      this.position = element("p", { class: "cnn69-position" });
      this.announce = element("p", { class: "cnn69-announce", "aria-live": "polite" });
      this.which = element("p", { class: "net47-which" },
        t("cnn_playground.book_network", { epochs: this.data.epochs, eta: this.data.eta }));
      this.title = element("figcaption", { class: "pair__title" });
      this.math = {};
      const labels = { expanded: t("cnn_playground.expanded"), vector: t("cnn_playground.vector") };
      const sides = ["expanded", "vector"].map((side) => {
        this.math[side] = element("div", { class: "pair__math arithmatex" });
        return element("div", { class: `pair__side pair__side--${side}` },
          element("div", { class: "pair__label" }, labels[side]), this.math[side]);
      });
      this.root.append(this.position, this.announce,
        element("figure", { class: "pair cnn69-pair" }, this.title, element("div", { class: "pair__sides" }, ...sides)),
        this.which);
    }

    update() {
      const { zF, aF, aP, zO, aO } = Cnn69.forward(this.params, this.x);
      this.pixels.forEach((pixel, n) => pixel.setAttribute("aria-pressed", String(this.x[n] === 1)));

      // the window of the chosen unit, framed on the image
      const { k, i, j } = this.chosen;
      this.pixels.forEach((pixel, n) => {
        const r = Math.floor(n / SIZE), c = n % SIZE;
        pixel.classList.toggle("cnn69-window", r >= i && r < i + 3 && c >= j && c < j + 3);
      });

      for (let m = 0; m < FILTERS; m++) {
        const won = new Set();
        for (let p = 0; p < POOLED; p++) {
          for (let q = 0; q < POOLED; q++) {
            const [, r, s] = Cnn69.poolPosition(aF[m], p, q);
            won.add(r * MAP + s);
          }
        }
        this.units[m].forEach((unit, n) => {
          const r = Math.floor(n / MAP), s = n % MAP, a = aF[m][r][s];
          unit.textContent = show(a, 2);
          unit.style.setProperty("--cnn69-a", `${Math.round(100 * a)}%`);
          const winner = won.has(n);
          unit.classList.toggle("cnn69-winner", winner);
          const cell = { k: m + 1, i: r + 1, j: s + 1, a: show(a, 2) };
          unit.setAttribute("aria-label", winner ? t("cnn_playground.cell_winner", cell) : t("cnn_playground.cell", cell));
          unit.setAttribute("aria-pressed", String(m === k && r === i && s === j));
        });
        const values = aP[m].flat();
        [...this.pooledMaps[m].children].forEach((cell, n) => {
          cell.textContent = show(values[n], 2);
          cell.style.setProperty("--cnn69-a", `${Math.round(100 * values[n])}%`);
        });
        this.pooledMaps[m].setAttribute("aria-label",
          t("cnn_playground.pooled", { k: m + 1, values: values.map((v) => show(v, 2)).join(", ") }));
      }

      let best = 0;
      for (let c = 0; c < OUTPUTS; c++) {
        this.cells[c][0].textContent = show(zO[c], 4);
        this.cells[c][1].textContent = show(aO[c], 4);
        if (aO[c] > aO[best]) best = c;
      }
      this.cells.forEach((cell, c) => cell[0].parentElement.classList.toggle("net47-winner", c === best));
      const says = t("cnn_playground.says", { digit: best + 1 });
      if (says !== this.said) this.says.textContent = this.said = says;

      const told = t("cnn_playground.position",
        { k: k + 1, i: i + 1, j: j + 1, z: show(zF[k][i][j], 4), a: show(aF[k][i][j], 4) });
      if (told !== this.told) this.position.textContent = this.told = told;
      this.title.textContent = t("cnn_playground.position_title", { k: k + 1, i: i + 1, j: j + 1 });
      this.formulas();
    }

    // z^F_kij = (w)(x) + ... + (b) = z beside (W^F_k * G)_ij + b^F_k, with this image's numbers.
    // The weights are shown to two decimals, and z is the sum of the numbers shown.
    formulas() {
      const { k, i, j } = this.chosen;
      const wF = this.params.WF[k].map((row) => row.map((v) => shown(v, 2)));
      const bF = shown(this.params.bF[k], 2);
      const x = Cnn69.asGrid(this.x);
      let z = bF;
      const lines = [0, 1, 2].map((p) => [0, 1, 2].map((q) => {
        const pixel = x[i + p][j + q];
        z += wF[p][q] * pixel;
        const term = `(${tex(wF[p][q], 2)})(${pixel})`;
        return pixel ? term : `\\class{net47-off}{${term}}`; // paper: the term adds nothing
      }).join(" + "));
      z = shown(z, 2);
      const a = Cnn69.sigma(z);
      const name = `z^{\\mathrm{F}}_{${k + 1}${i + 1}${j + 1}}`;
      const activation = `a^{\\mathrm{F}}_{${k + 1}${i + 1}${j + 1}} &= \\sigma(${tex(z, 2)}) = ${tex(a, 3)}`;
      typeset(this.math.expanded, "\\begin{aligned}" +
        `${name} &= ${lines[0]} \\\\ & {}+ ${lines[1]} \\\\ & {}+ ${lines[2]} \\\\ ` +
        `& {}+ (${tex(bF, 2)}) = ${tex(z, 2)} \\\\ ${activation}\\end{aligned}`);
      const patch = [0, 1, 2].map((p) => [0, 1, 2].map((q) => String(x[i + p][j + q])));
      // Aligned on the left, so that the matrices have the whole width of a phone
      typeset(this.math.vector, "\\begin{aligned}" +
        `& ${name} = (W^{\\mathrm{F}}_${k + 1} \\star G)_{${i + 1}${j + 1}} + b^{\\mathrm{F}}_${k + 1} \\\\ ` +
        `& {}= ${pmatrix(wF.map((row) => row.map((v) => tex(v, 2))))} \\star ${pmatrix(patch)} \\\\ ` +
        `& \\quad {}+ (${tex(bF, 2)}) = ${tex(z, 2)} \\\\ ` +
        `& a^{\\mathrm{F}}_{${k + 1}${i + 1}${j + 1}} = \\sigma(${tex(z, 2)}) = ${tex(a, 3)}\\end{aligned}`);
    }
  }

  // Material's document$ fires on the first load and after every instant navigation
  function startAll() {
    for (const instance of instances) {
      if (!document.contains(instance.root)) instances.delete(instance);
    }
    const data = window.CNN69_DATA;
    for (const root of document.querySelectorAll(".cnn69-playground:not([data-ready])")) {
      if (!(data && window.Cnn69)) {
        console.error("cnn playground: CNN69_DATA or Cnn69 did not load");
        return;
      }
      root.setAttribute("data-ready", "");
      instances.add(new CnnPlayground(root, data));
    }
  }

  if (window.document$) window.document$.subscribe(startAll);
  else document.addEventListener("DOMContentLoaded", startAll);
})();
