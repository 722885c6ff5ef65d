// The network playground: draw a 4x3 image, watch the 12-3-2 network compute, train it.
//
// Markup (docs/interactive/playground.md): <div class="net47-playground" data-parts="forward train">.
// data-parts="forward" leaves out the training panel; data-image="n" starts on training
// image n (default 1). Every word a reader sees comes from the edition's word table, group
// playground (BookWords.t, see instruments.js). The network's math is Net47 (net47.js), its
// trained parameters and training set window.NET47_DATA (written by snippets/playground.py).
(function () {
  "use strict";

  const { t } = window.BookWords;

  const EPOCHS_PER_FRAME = 10;
  const LIMIT = 1e3;       // |weight| past this saturates every sigmoid it feeds: learning is over
  const FORMULA_MS = 1000; // while playing, re-typeset the formulas at most this often
  const NARROW = 560;      // px: below this width the formulas take a term to a line
  const MINI_BATCH = 8;    // the mini-batch of backprop/stochastic-descent.md, unless data-mini-batch says

  const instances = new Set();

  // --- small helpers ------------------------------------------------------------------

  function escape(text) {
    return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  }

  // Words as markup: the words stay text, a {C_T} left in them becomes C with a subscript T
  function withCost(words) {
    return escape(words).replace("{C_T}", "<var>C</var><sub>T</sub>");
  }

  // 10 to the power p, as 10⁻³ rather than 1e-3
  function power(p) {
    const superscript = { "-": "\u207b", 0: "\u2070", 1: "\u00b9", 2: "\u00b2", 3: "\u00b3", 4: "\u2074",
                          5: "\u2075", 6: "\u2076", 7: "\u2077", 8: "\u2078", 9: "\u2079" };
    return "10" + [...String(p)].map((c) => superscript[c]).join("");
  }

  function element(tag, attributes = {}, ...children) {
    const made = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes)) made.setAttribute(name, value);
    made.append(...children);
    return made;
  }

  // C_T for the status line: four decimals, or three significant digits once it is below 0.01
  function showCost(C_T) {
    return C_T >= 0.01 || !Number.isFinite(C_T) ? C_T.toFixed(4) : C_T.toExponential(2);
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

  // An error or a gradient, often tiny once the network has learnt: three significant digits,
  // as -2.49 \cdot 10^{-5} below 0.001
  function small(value) {
    if (!Number.isFinite(value) || value === 0 || Math.abs(value) >= 1e-3) return tex(value, 4);
    const [mantissa, exponent] = value.toExponential(2).split("e");
    return `${mantissa} \\cdot 10^{${Number(exponent)}}`;
  }

  // The same for a screen reader's label
  function spoken(value) {
    return small(value).replace(" \\cdot 10^{", " × 10^").replace("}", "").replace(/-/g, "\u2212");
  }

  function pmatrix(rows) {
    return "\\begin{pmatrix}" + rows.map((row) => row.join(" & ")).join("\\\\") + "\\end{pmatrix}";
  }

  function column(values, digits) {
    return pmatrix(values.map((v) => [tex(v, digits)]));
  }

  // Lines of `lhs &= t1 + t2 + ... + bias = value`: `per` terms to a line (one on a phone)
  function lines(lhs, terms, bias, value, narrow) {
    const per = narrow ? 1 : 4;
    const all = [...terms, bias];
    const rows = [];
    for (let n = 0; n < all.length; n += per) rows.push(all.slice(n, n + per).join(" + "));
    return `${lhs} &= ${rows.join(" \\\\ &\\quad + ")} \\\\ &= ${value}`;
  }

  // Short columns: a line each on a phone, side by side on one line on a wider screen
  function columns(rows, narrow) {
    if (narrow) return rows;
    const [first, ...rest] = rows;
    return [[first[0], [first[1], ...rest.map(([lhs, rhs]) => `${lhs} = ${rhs}`)].join(", \\quad ")]];
  }

  // Rows [lhs, rhs] as aligned lines; an empty lhs continues the line above. On a phone the
  // lines are centred instead, so that no line waits for the widest left-hand side.
  function aligned(rows, narrow = false) {
    if (narrow) return "\\begin{gathered}" + rows.map(([lhs, rhs]) => `${lhs} = ${rhs}`).join(" \\\\ ") + "\\end{gathered}";
    return "\\begin{aligned}" + rows.map(([lhs, rhs]) => `${lhs} &= ${rhs}`).join(" \\\\ ") + "\\end{aligned}";
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
      return MathJax && MathJax.typesetPromise ? MathJax.typesetPromise(targets).then(relightAll) : null;
    };
    if (MathJax && MathJax.startup && MathJax.startup.promise) {
      MathJax.startup.promise = MathJax.startup.promise.then(run)
        .catch((error) => console.error("playground:", error));
    } else {
      Promise.resolve().then(run); // no MathJax: the TeX stays readable as text
    }
  }

  // New formulas hold new terms: linked-terms.js prepares them, the reader's pixel lights again
  function relightAll() {
    if (window.LinkedTerms) window.LinkedTerms.scan();
    for (const instance of instances) instance.relight();
  }

  // A number as a reader types it: a decimal point or a decimal comma ("0.3" or "0,3"),
  // the rule of the descent explorer too
  function decimal(text) {
    const t = (text || "").trim().replace(",", ".");
    return t === "" ? NaN : Number(t);
  }

  function validEta(text) {
    const eta = decimal(text);
    return Number.isFinite(eta) && eta > 0 ? eta : null;
  }

  // Whether the page's language says "one" for this count ("after 1 epoch"; Chinese never does)
  function one(count) {
    return new Intl.PluralRules(document.documentElement.lang).select(count) === "one";
  }

  function validSeed(text) {
    return /^\s*\d{1,9}\s*$/.test(text) ? Number(text) : null;
  }

  // --- one playground ------------------------------------------------------------------

  class Playground {
    constructor(root, data) {
      this.root = root;
      this.data = data;
      this.parts = (root.dataset.parts || "forward train").split(/\s+/);
      this.targets = data.labels.map(Net47.target);
      this.x = data.images[root.dataset.image ? Number(root.dataset.image) - 1 : 0].slice();
      this.params = Net47.copy(data.trained);
      this.run = null;        // training from scratch: {params, history, diverged}
      this.frame = null;      // requestAnimationFrame id while playing
      this.lastFormulas = 0;
      this.said = null;
      this.lit = null;        // the pixel whose terms are lit
      this.build();
      this.update();
    }

    // The whole instrument, made from the words
    build() {
      const id = `net47-${instances.size + 1}-${Math.random().toString(36).slice(2, 7)}`;
      this.root.textContent = "";
      this.root.classList.add("net47");

      // the image
      this.grid = element("div", { class: "net47-grid", role: "group", "aria-label": t("playground.grid_label") });
      this.pixels = this.x.map((_, i) => {
        const pixel = element("button", {
          type: "button", class: "net47-pixel", tabindex: i === 0 ? "0" : "-1",
          "aria-label": t("playground.pixel", { n: i + 1, row: Math.floor(i / 3) + 1, column: (i % 3) + 1 }),
        });
        pixel.addEventListener("click", () => { this.x[i] = 1 - this.x[i]; this.select.value = ""; this.update(); });
        // the pixel under the pointer or the focus lights its terms in the formulas
        pixel.addEventListener("pointerenter", () => this.light(i));
        pixel.addEventListener("focus", () => this.light(i));
        pixel.addEventListener("pointerleave", () => this.light(null));
        pixel.addEventListener("blur", () => this.light(null));
        pixel.addEventListener("keydown", (event) => this.move(event, i));
        this.grid.append(pixel);
        return pixel;
      });
      this.select = element("select", { id: `${id}-load`, class: "net47-load" },
        element("option", { value: "" }, t("playground.load_prompt", { images: this.data.images.length })));
      this.data.images.forEach((_, n) => {
        this.select.append(element("option", { value: String(n) },
          t("playground.load_option", { n: n + 1, label: this.data.labels[n] })));
      });
      this.select.addEventListener("change", () => {
        if (this.select.value === "") return;
        this.x = this.data.images[Number(this.select.value)].slice();
        if (this.targetSelect) this.targetSelect.value = String(this.data.labels[Number(this.select.value)]);
        this.update();
      });
      const clear = element("button", { type: "button", class: "net47-button" }, t("playground.clear"));
      clear.addEventListener("click", () => { this.x.fill(0); this.select.value = ""; this.update(); });
      const input = element("div", { class: "net47-input" }, this.grid,
        element("label", { for: `${id}-load`, class: "net47-label" }, t("playground.load_label")),
        element("div", { class: "net47-row" }, this.select, clear));

      // the readout: z and a of every unit, and the answer (the only thing announced)
      this.cells = {};
      const body = element("tbody");
      const unitRow = (key, name) => {
        this.cells[key] = [element("td"), element("td")];
        body.append(element("tr", {}, element("th", { scope: "row" }, name), ...this.cells[key]));
      };
      [0, 1, 2].forEach((j) => unitRow(`h${j}`, t("playground.hidden_unit", { j: j + 1 })));
      [0, 1].forEach((k) => unitRow(`o${k}`, t("playground.output_unit", { k: k + 1, digit: k })));
      const table = element("table", { class: "net47-readout" },
        element("caption", {}, t("playground.readout_caption")),
        element("thead", {}, element("tr", {}, element("th", { scope: "col" }, t("playground.unit_heading")),
          element("th", { scope: "col" }, "z"), element("th", { scope: "col" }, "a"))),
        body);
      this.says = element("p", { class: "net47-says", "aria-live": "polite" });
      const readout = element("div", { class: "net47-readouts" }, table, this.says);

      this.which = element("p", { class: "net47-which" });
      const top = element("div", { class: "net47-top" }, input, readout);
      this.root.append(top, this.which);

      // the formulas, as a formula pair per layer
      this.math = {};
      const pair = (layer, title) => {
        const labels = { expanded: t("playground.expanded"), vector: t("playground.vector") };
        const sides = ["expanded", "vector"].map((side) => {
          this.math[`${layer}-${side}`] = element("div", { class: "pair__math arithmatex" });
          return element("div", { class: `pair__side pair__side--${side}` },
            element("div", { class: "pair__label" }, labels[side]), this.math[`${layer}-${side}`]);
        });
        return element("figure", { class: `pair net47-pair net47-pair--${layer}` },
          element("figcaption", { class: "pair__title" }, title),
          element("div", { class: "pair__sides" }, ...sides));
      };
      this.root.append(pair("hidden", t("playground.hidden_title")), pair("output", t("playground.output_title")));
      if (this.parts.includes("backward")) this.buildBackward(id, pair);
      if (this.parts.includes("train")) this.buildTraining(id);
      // a phone turned sideways (or a window resized) past NARROW gets the other layout
      this.wasNarrow = this.narrow();
      new ResizeObserver(() => {
        if (this.narrow() !== this.wasNarrow) { this.wasNarrow = this.narrow(); this.update(); }
      }).observe(this.root);
    }

    // The backward pass of the drawn image towards the target the reader picks
    buildBackward(id, pair) {
      this.targetSelect = element("select", { id: `${id}-target`, class: "net47-load" });
      [0, 1].forEach((digit) => this.targetSelect.append(
        element("option", { value: String(digit) }, t("playground.target_option", { digit }))));
      this.targetSelect.value = String(this.data.labels[this.root.dataset.image ? Number(this.root.dataset.image) - 1 : 0]);
      this.targetSelect.addEventListener("change", () => this.backward());
      this.backwardMath = true;
      this.root.append(element("section", { class: "net47-backward", "aria-labelledby": `${id}-backward` },
        element("h3", { id: `${id}-backward`, class: "net47-title" }, t("playground.backward_title")),
        element("label", { for: this.targetSelect.id, class: "net47-label" }, t("playground.target_label")),
        element("div", { class: "net47-row" }, this.targetSelect),
        pair("delta3", t("playground.delta3_title")), pair("delta2", t("playground.delta2_title")),
        pair("gradients3", t("playground.gradients3_title")), pair("gradients2", t("playground.gradients2_title"))));
    }

    buildTraining(id) {
      const field = (name, label, value, mode) => {
        const control = element("input", {
          id: `${id}-${name}`, class: `net47-field net47-${name}`, type: "text", inputmode: mode,
          value: String(value), autocomplete: "off", spellcheck: "false",
          "aria-describedby": `${id}-${name}-error`,
        });
        const error = element("p", { id: `${id}-${name}-error`, class: "net47-error", role: "alert" });
        return [element("div", { class: "net47-fieldbox" },
          element("label", { for: control.id, class: "net47-label" }, label), control, error), control, error];
      };
      const [etaBox, eta, etaError] = field("eta", t("playground.eta_label"), this.data.eta, "decimal");
      const [seedBox, seed, seedError] = field("seed", t("playground.seed_label"), this.data.seed, "numeric");
      Object.assign(this, { eta, etaError, seed, seedError });
      // a run keeps the seed it started from: a new one waits for Reset, and says so
      seed.addEventListener("change", () => {
        const chosen = validSeed(seed.value); // not flagged here: the field's message stays until a button
        if (this.run && chosen !== null && chosen !== this.run.seed) this.message.textContent = t("playground.seed_later");
      });

      // Full batch, mini-batches or one image per step; choosing one suggests its learning
      // rate, the book's eta scaled by the number of batches (stochastic_descent.rate)
      const n = this.data.images.length, mini = Number(this.root.dataset.miniBatch) || MINI_BATCH;
      this.batch = element("select", { id: `${id}-batch`, class: "net47-field net47-batch" },
        ...[[n, t("playground.batch_full", { images: n })], [mini, t("playground.batch_mini", { size: mini })],
            [1, t("playground.batch_one")]].map(([size, label]) => element("option", { value: String(size) }, label)));
      this.batch.addEventListener("change", () => {
        this.eta.value = String(Number((this.data.eta * n / this.batchSize()).toPrecision(4)));
        this.readEta();
      });
      const batchBox = element("div", { class: "net47-fieldbox" },
        element("label", { for: this.batch.id, class: "net47-label" }, t("playground.batch_label")), this.batch);

      const button = (name, label, action) => {
        const made = element("button", { type: "button", class: `net47-button net47-${name}` }, label);
        made.addEventListener("click", action);
        return made;
      };
      this.buttons = {
        play: button("play", t("playground.play"), () => this.play()),
        pause: button("pause", t("playground.pause"), () => this.pause()),
        step: button("step", t("playground.step"), () => this.step()),
        reset: button("reset", t("playground.reset"), () => this.reset()),
        useBook: button("useBook", t("playground.use_book"), () => this.useBook()),
      };
      this.buttons.pause.disabled = true;
      this.progress = element("p", { class: "net47-progress", role: "status" });
      this.message = element("p", { class: "net47-message", role: "alert" });

      const ns = "http://www.w3.org/2000/svg";
      this.plot = document.createElementNS(ns, "svg");
      this.plot.setAttribute("class", "net47-plot");
      this.plot.setAttribute("viewBox", "0 0 320 180");
      this.plot.setAttribute("role", "img");
      this.plot.setAttribute("aria-label", t("playground.plot_label"));

      this.heatmaps = [0, 1, 2].map((j) => {
        const map = element("div", { class: "net47-heatmap", role: "img",
          "aria-label": t("playground.heatmap", { j: j + 1 }) });
        for (let i = 0; i < 12; i++) map.append(element("span", { class: "net47-weight", "aria-hidden": "true" }));
        return map;
      });

      const panel = element("section", { class: "net47-train", "aria-labelledby": `${id}-train` },
        element("h3", { id: `${id}-train`, class: "net47-title" }, t("playground.train_title")),
        element("div", { class: "net47-fields" }, batchBox, etaBox, seedBox),
        element("div", { class: "net47-row net47-buttons" }, ...Object.values(this.buttons)),
        this.progress, this.message,
        element("div", { class: "net47-pictures" }, this.plot,
          element("div", { class: "net47-heatmaps" },
            element("p", { class: "net47-label" }, t("playground.heatmaps_label")),
            element("div", { class: "net47-maps" }, ...this.heatmaps))));
      this.root.append(panel);
      this.progress.textContent = t("playground.not_started");
      this.drawPlot();
    }

    // Arrow keys move between pixels like on the grid; Space and Enter click the button
    move(event, i) {
      const row = Math.floor(i / 3), col = i % 3;
      const to = { ArrowUp: [row - 1, col], ArrowDown: [row + 1, col], ArrowLeft: [row, col - 1],
                   ArrowRight: [row, col + 1], Home: [row, 0], End: [row, 2] }[event.key];
      if (!to) return;
      event.preventDefault();
      const [r, c] = to;
      if (r < 0 || r > 3 || c < 0 || c > 2) return;
      this.focusPixel(r * 3 + c);
    }

    focusPixel(i) {
      this.pixels.forEach((pixel, n) => pixel.setAttribute("tabindex", n === i ? "0" : "-1"));
      this.pixels[i].focus();
    }

    // Light the terms of pixel i (null: let go), now and after every new typesetting
    light(i) {
      this.lit = i;
      this.relight();
    }

    relight() {
      if (!window.LinkedTerms) return;
      const term = this.lit === null ? null
        : this.root.querySelector(`.net47-pair--hidden mjx-math .term-x${this.lit + 1}`);
      if (term) window.LinkedTerms.light(term);
      else if (this.lit === null && this.root.querySelector(".term--lit")) window.LinkedTerms.rest();
    }

    // --- the forward pass on screen ---

    update(formulas = true) {
      const { z2, a2, z3, a3 } = Net47.forward(this.params, this.x);
      this.pixels.forEach((pixel, i) => pixel.setAttribute("aria-pressed", String(this.x[i] === 1)));
      z2.forEach((z, j) => this.setCells(`h${j}`, z, a2[j]));
      z3.forEach((z, k) => this.setCells(`o${k}`, z, a3[k]));
      const digit = a3[1] > a3[0] ? 1 : 0;
      this.cells.o0[1].parentElement.classList.toggle("net47-winner", digit === 0);
      this.cells.o1[1].parentElement.classList.toggle("net47-winner", digit === 1);
      const says = t("playground.says", { digit });
      if (says !== this.said) this.says.textContent = this.said = says;
      if (this.run) {
        const epoch = this.run.history.length - 1;
        this.which.textContent = one(epoch) ? t("playground.your_network_one", { epoch })
          : t("playground.your_network", { epoch });
      } else {
        this.which.textContent = t("playground.book_network", { epochs: this.data.epochs, eta: this.data.eta });
      }
      if (this.heatmaps) this.drawHeatmaps();
      if (formulas) this.formulas(z2, a2, z3, a3);
    }

    setCells(key, z, a) {
      this.cells[key][0].textContent = show(z, 4);
      this.cells[key][1].textContent = show(a, 4);
    }

    // z2_j = (w)(x) + ... + (b) = z beside z2 = W2 x + b2, with this image's numbers, in lines
    // that fit the box: a term to a line on a phone, four to a line on a wider screen. Each
    // product (w)(x_i) and the x_i of the vector form are one linked term (linked-terms.js),
    // named x1 ... x12, so a pixel lights up its column of the formulas.
    formulas(z2, a2, z3, a3) {
      this.lastFormulas = performance.now();
      const { W2, b2, W3, b3 } = this.params;
      const x = this.x;
      const narrow = this.narrow();
      const hiddenTerms = [];
      const hidden = [0, 1, 2].map((j) => {
        const terms = x.map((xi, i) => {
          const term = `(${tex(W2[j][i], 2)})(${xi})`;
          hiddenTerms.push([`x${i + 1}`, `w²_{${j + 1},${i + 1}} x_${i + 1} = ${show(W2[j][i], 2)} · ${xi}`]);
          const mark = `\\class{term-x${i + 1}}{${term}}`;
          return xi ? mark : `\\class{net47-off}{${mark}}`; // paper: the term adds nothing
        });
        return lines(`z^2_${j + 1}`, terms, `(${tex(b2[j], 2)})`, tex(z2[j], 2), narrow) +
          ` \\\\ a^2_${j + 1} &= \\sigma(${tex(z2[j], 2)}) = ${tex(a2[j], 3)}`;
      });
      this.setMath("hidden-expanded", `\\begin{aligned}${hidden.join("\\\\[0.6em]")}\\end{aligned}`, hiddenTerms);
      const xEntries = x.map((xi, i) => `\\class{term-x${i + 1}}{${xi}}`);
      const xRow = narrow ? pmatrix(xEntries.map((entry) => [entry])) // a row of twelve is too wide
        : pmatrix([xEntries]) + "^{\\!\\top}";
      const W2shown = narrow // twelve columns fit no phone: the same matrix, written as a transpose
        ? pmatrix(W2[0].map((_, i) => W2.map((row) => tex(row[i], 2)))) + "^{\\!\\top}"
        : pmatrix(W2.map((row) => row.map((v) => tex(v, 2))));
      this.setMath("hidden-vector", aligned([
        ["\\mathbf{z}^2", "W^2\\mathbf{x} + \\mathbf{b}^2"], ["W^2", W2shown], ["\\mathbf{x}", xRow],
        ...columns([["\\mathbf{b}^2", column(b2, 2)], ["\\mathbf{z}^2", column(z2, 2)],
          ["\\mathbf{a}^2", `\\sigma(\\mathbf{z}^2) = ${column(a2, 3)}`]], narrow),
      ], narrow), x.map((xi, i) => [`x${i + 1}`, `x_${i + 1} = ${xi}`]));

      const outputTerms = [];
      const output = [0, 1].map((k) => {
        const terms = [0, 1, 2].map((j) => {
          outputTerms.push([`a${j + 1}`, `w³_{${k + 1},${j + 1}} a²_${j + 1} = ${show(W3[k][j], 2)} · ${show(a2[j], 3)}`]);
          return `\\class{term-a${j + 1}}{(${tex(W3[k][j], 2)})(${tex(a2[j], 3)})}`;
        });
        return lines(`z^3_${k + 1}`, terms, `(${tex(b3[k], 2)})`, tex(z3[k], 2), narrow) +
          ` \\\\ a^3_${k + 1} &= \\sigma(${tex(z3[k], 2)}) = ${tex(a3[k], 3)}`;
      });
      this.setMath("output-expanded", `\\begin{aligned}${output.join("\\\\[0.6em]")}\\end{aligned}`, outputTerms);
      const a2column = pmatrix(a2.map((v, j) => [`\\class{term-a${j + 1}}{${tex(v, 3)}}`]));
      const W3shown = pmatrix(W3.map((row) => row.map((v) => tex(v, 2))));
      this.setMath("output-vector", aligned([
        ["\\mathbf{z}^3", "W^3\\mathbf{a}^2 + \\mathbf{b}^3"],
        ...(narrow ? [["W^3", W3shown], ["\\mathbf{a}^2", a2column], ["\\mathbf{b}^3", column(b3, 2)]]
          : [["", `${W3shown}${a2column} + ${column(b3, 2)}`]]),
        ...columns([["\\mathbf{z}^3", column(z3, 2)],
          ["\\mathbf{a}^3", `\\sigma(\\mathbf{z}^3) = ${column(a3, 3)}`]], narrow),
      ], narrow), a2.map((v, j) => [`a${j + 1}`, `a²_${j + 1} = ${show(v, 3)}`]));
      if (this.backwardMath) this.backward();
    }

    // The backward pass for this image and the target the reader picks: delta3, delta2 and
    // every weight's gradient, as backprop/gradients.md writes them, with the numbers
    // (Net47.deltas, the loop of snippets/expanded.py).
    backward() {
      const { W3 } = this.params;
      const x = this.x;
      const t = Net47.target(Number(this.targetSelect.value));
      const { a2, a3 } = Net47.forward(this.params, x);
      const { delta2, delta3 } = Net47.deltas(this.params, a2, a3, t);
      const narrow = this.narrow();
      const d3 = (k) => small(delta3[k]);
      const equals = narrow ? " \\\\ &= " : " = "; // on a phone the value takes a line of its own
      const d2 = (j) => small(delta2[j]);

      const output = [0, 1].map((k) => `\\delta^3_${k + 1} &= \\class{term-d3-${k + 1}}{` +
        `(${tex(a3[k], 3)} - ${t[k]})\\,(${tex(a3[k], 3)})(1 - ${tex(a3[k], 3)})}${equals}${d3(k)}`);
      this.setMath("delta3-expanded", `\\begin{aligned}${output.join("\\\\")}\\end{aligned}`,
        [0, 1].map((k) => [`d3-${k + 1}`, `δ³_${k + 1} = ${spoken(delta3[k])}`]));
      this.setMath("delta3-vector", aligned([
        ["\\boldsymbol{\\delta}^3", "(\\mathbf{a}^3 - \\mathbf{t}) \\odot \\mathbf{a}^3 \\odot (\\mathbf{1} - \\mathbf{a}^3)"],
        ["", pmatrix(delta3.map((v, k) => [`\\class{term-d3-${k + 1}}{${small(v)}}`]))],
      ], narrow), [0, 1].map((k) => [`d3-${k + 1}`, `δ³_${k + 1} = ${spoken(delta3[k])}`]));

      const hidden = [0, 1, 2].map((j) => {
        const [one, two] = [0, 1].map((k) => `(${tex(W3[k][j], 2)})(${d3(k)})`);
        const slope = `(${tex(a2[j], 3)})(1 - ${tex(a2[j], 3)})`;
        const mark = (part) => `\\class{term-d2-${j + 1}}{${part}}`;
        return narrow // a factor to a line; each line's part is the same linked term
          ? `\\delta^2_${j + 1} &= ${mark(`\\bigl(${one}`)} \\\\ &\\quad ${mark(`+ ${two}\\bigr)`)} \\\\ ` +
            `&\\quad ${mark(`\\times ${slope}`)} \\\\ &= ${d2(j)}`
          : `\\delta^2_${j + 1} &= ${mark(`\\bigl(${one} + ${two}\\bigr)\\, ${slope}`)} = ${d2(j)}`;
      });
      const d2terms = [];
      [0, 1, 2].forEach((j) => {
        for (let n = 0; n < (narrow ? 3 : 1); n++) d2terms.push([`d2-${j + 1}`, `δ²_${j + 1} = ${spoken(delta2[j])}`]);
      });
      this.setMath("delta2-expanded", `\\begin{aligned}${hidden.join("\\\\")}\\end{aligned}`, d2terms);
      this.setMath("delta2-vector", aligned([
        ["\\boldsymbol{\\delta}^2", "\\bigl((W^3)^{\\mathsf{T}} \\boldsymbol{\\delta}^3\\bigr) \\odot \\mathbf{a}^2 \\odot (\\mathbf{1} - \\mathbf{a}^2)"],
        ["", pmatrix(delta2.map((v, j) => [`\\class{term-d2-${j + 1}}{${small(v)}}`]))],
      ], narrow), [0, 1, 2].map((j) => [`d2-${j + 1}`, `δ²_${j + 1} = ${spoken(delta2[j])}`]));

      // dC/dw3_kj = delta3_k a2_j; dC/dw2_ji = delta2_j x_i, written out for the inked pixels
      // (a pixel of paper gives 0); the vector form is the outer product, every entry shown.
      const rows = [];
      const gradTerms = [];
      for (let k = 0; k < 2; k++) {
        for (let j = 0; j < 3; j++) {
          // on a phone the rule comes first, then the numbers, then the value, a line each
          const rule = narrow ? `\\delta^3_${k + 1} a^2_${j + 1} \\\\ &= ` : "";
          rows.push(`\\frac{\\partial C}{\\partial w^3_{${k + 1}${j + 1}}} &= ${rule}\\class{term-g3-${k + 1}-${j + 1}}{` +
            `(${d3(k)})(${tex(a2[j], 3)})}${equals}${small(delta3[k] * a2[j])}`);
          gradTerms.push([`g3-${k + 1}-${j + 1}`, `∂C/∂w³_{${k + 1},${j + 1}} = ${spoken(delta3[k] * a2[j])}`]);
        }
      }
      this.setMath("gradients3-expanded", `\\begin{aligned}${rows.join("\\\\")}\\end{aligned}`, gradTerms);
      this.setMath("gradients3-vector", aligned([
        ["\\frac{\\partial C}{\\partial W^3}", "\\boldsymbol{\\delta}^3 (\\mathbf{a}^2)^{\\mathsf{T}}"],
        ["", narrow // the same matrix, as the transpose of its three rows of two
          ? pmatrix([0, 1, 2].map((j) => [0, 1].map((k) =>
            `\\class{term-g3-${k + 1}-${j + 1}}{${small(delta3[k] * a2[j])}}`))) + "^{\\!\\top}"
          : pmatrix([0, 1].map((k) => [0, 1, 2].map((j) =>
            `\\class{term-g3-${k + 1}-${j + 1}}{${small(delta3[k] * a2[j])}}`)))],
      ], narrow), gradTerms); // linked-terms.js pairs labels with terms by name, in order

      const rows2 = [];
      const grad2Terms = [];
      for (let j = 0; j < 3; j++) {
        x.forEach((xi, i) => {
          if (!xi) return;
          rows2.push(`\\frac{\\partial C}{\\partial w^2_{${j + 1},${i + 1}}} &= \\class{term-g2-${j + 1}-${i + 1}}{` +
            `(${d2(j)})(${xi})}${equals}${small(delta2[j] * xi)}`);
          grad2Terms.push([`g2-${j + 1}-${i + 1}`, `∂C/∂w²_{${j + 1},${i + 1}} = ${spoken(delta2[j] * xi)}`]);
        });
      }
      this.setMath("gradients2-expanded",
        rows2.length ? `\\begin{aligned}${rows2.join("\\\\")}\\end{aligned}` : "\\frac{\\partial C}{\\partial W^2} = 0", grad2Terms);
      const entry = (j, i) => {
        const v = small(delta2[j] * x[i]);
        return x[i] ? `\\class{term-g2-${j + 1}-${i + 1}}{${v}}` : v;
      };
      // Twelve columns of such numbers fit no box: on a wide screen the matrix is written as
      // the transpose of its twelve rows of three, on a phone row by row, each a transpose too
      const vectorTerms = [];
      const order = narrow ? [0, 1, 2].flatMap((j) => [...Array(12).keys()].map((i) => [j, i]))
        : [...Array(12).keys()].flatMap((i) => [0, 1, 2].map((j) => [j, i]));
      for (const [j, i] of order) {
        if (x[i]) vectorTerms.push([`g2-${j + 1}-${i + 1}`, `∂C/∂w²_{${j + 1},${i + 1}} = ${spoken(delta2[j] * x[i])}`]);
      }
      const twelve = [...Array(12).keys()];
      this.setMath("gradients2-vector", aligned([
        ["\\frac{\\partial C}{\\partial W^2}", "\\boldsymbol{\\delta}^2 \\mathbf{x}^{\\mathsf{T}}"],
        ...(narrow
          ? [0, 1, 2].map((j) => [`\\delta^2_${j + 1} \\mathbf{x}^{\\mathsf{T}}`,
            pmatrix(twelve.map((i) => [entry(j, i)])) + "^{\\!\\top}"])
          : [["", pmatrix(twelve.map((i) => [0, 1, 2].map((j) => entry(j, i)))) + "^{\\!\\top}"]]),
      ], narrow), vectorTerms);
    }

    // Typeset one formula; `terms` names its linked terms for screen readers, in order
    setMath(key, source, terms = []) {
      const holder = this.math[key];
      if (terms.length) holder.setAttribute("data-terms", JSON.stringify(terms));
      else holder.removeAttribute("data-terms");
      typeset(holder, source);
    }

    // A phone's box: a term to a line, and matrices written so that they fit
    narrow() {
      return this.root.clientWidth < NARROW;
    }

    drawHeatmaps() {
      const W2 = this.params.W2;
      const scale = Math.max(1e-9, ...W2.flat().map(Math.abs).filter(Number.isFinite));
      this.heatmaps.forEach((map, j) => {
        [...map.children].forEach((cell, i) => {
          const w = W2[j][i];
          const share = Number.isFinite(w) ? Math.round((100 * Math.abs(w)) / scale) : 0;
          cell.textContent = show(w, 1);
          cell.style.background = `color-mix(in srgb, var(${w < 0 ? "--net47-negative" : "--net47-positive"}) ${share}%, var(--net47-paper))`;
        });
      });
    }

    // C_T against epoch: a polyline on a log scale, at most ~300 points
    drawPlot() {
      const history = this.run ? this.run.history : [];
      const [left, right, top, bottom] = [38, 312, 10, 156];
      const finite = history.filter((c) => Number.isFinite(c) && c > 0);
      let svg = `<line class="net47-axis" x1="${left}" y1="${bottom}" x2="${right}" y2="${bottom}"/>` +
        `<line class="net47-axis" x1="${left}" y1="${top}" x2="${left}" y2="${bottom}"/>` +
        `<text class="net47-tick" x="${(left + right) / 2}" y="176" text-anchor="middle">${escape(t("playground.epoch_axis"))}</text>`;
      if (finite.length > 0) {
        const lo = Math.floor(Math.log10(Math.min(...finite)));
        const hi = Math.max(lo + 1, Math.ceil(Math.log10(Math.max(...finite))));
        const last = Math.max(1, history.length - 1);
        const X = (e) => left + ((right - left) * e) / last;
        const Y = (c) => bottom - ((bottom - top) * (Math.log10(c) - lo)) / (hi - lo);
        for (let p = lo; p <= hi; p++) {
          svg += `<line class="net47-grid-line" x1="${left}" y1="${Y(10 ** p)}" x2="${right}" y2="${Y(10 ** p)}"/>` +
            `<text class="net47-tick" x="${left - 4}" y="${Y(10 ** p) + 3}" text-anchor="end">${power(p)}</text>`;
        }
        const every = Math.max(1, Math.ceil(history.length / 300));
        const points = [];
        history.forEach((c, e) => {
          if ((e % every === 0 || e === history.length - 1) && Number.isFinite(c) && c > 0) {
            points.push(`${X(e).toFixed(1)},${Y(c).toFixed(1)}`);
          }
        });
        svg += `<polyline class="net47-curve" points="${points.join(" ")}"/>` +
          `<text class="net47-tick" x="${right}" y="170" text-anchor="end">${last}</text>` +
          `<text class="net47-tick" x="${left}" y="170" text-anchor="middle">0</text>`;
      }
      this.plot.innerHTML = svg;
    }

    // --- training ---

    // The learning rate, or null after saying what is wrong next to the field
    readEta() {
      const eta = validEta(this.eta.value);
      this.flag(this.eta, this.etaError, eta === null ? t("playground.eta_error", { eta: this.data.eta }) : "");
      return eta;
    }

    readSeed() {
      const seed = validSeed(this.seed.value);
      this.flag(this.seed, this.seedError, seed === null ? t("playground.seed_error") : "");
      return seed;
    }

    flag(control, error, text) {
      error.textContent = text;
      if (text) control.setAttribute("aria-invalid", "true");
      else control.removeAttribute("aria-invalid");
    }

    batchSize() {
      return Number(this.batch.value);
    }

    // A new run from the seed's random parameters (seed 0: the book's own start); the same
    // seed starts the generator of the order in which the epochs take the images
    start(seed) {
      const params = Net47.initParameters(seed, this.data.initial);
      this.run = { seed, params, history: [Net47.totalCost(params, this.data.images, this.targets)],
                   diverged: false, order: Net47.random(seed) };
      this.params = this.run.params;
      this.message.textContent = "";
    }

    ready() {
      const eta = this.readEta();
      const seed = this.readSeed();
      if (eta === null || seed === null) return null;
      if (!this.run) this.start(seed);
      if (this.run.diverged) return null;
      return eta;
    }

    // One epoch: a step per batch, params <- params - eta dC_B/dparams (the full batch: one
    // step on C_T); false once the weights run away
    epoch(eta) {
      const run = this.run;
      run.params = Net47.epoch(run.params, this.data.images, this.targets, eta, this.batchSize(),
                               run.order).params;
      const C_T = Net47.totalCost(run.params, this.data.images, this.targets);
      run.history.push(C_T);
      this.params = run.params;
      const weight = Net47.largest(run.params);
      if (Number.isFinite(C_T) && Number.isFinite(weight) && weight <= LIMIT) return true;
      run.diverged = true;
      this.message.textContent = t("playground.diverged", {
        epoch: run.history.length - 1, weight: Number.isFinite(weight) ? weight.toExponential(1) : String(weight) });
      return false;
    }

    step() {
      this.pause();
      const eta = this.ready();
      if (eta === null) return;
      this.epoch(eta);
      this.show();
    }

    play() {
      if (this.frame !== null) return;
      const eta = this.ready();
      if (eta === null) return;
      this.buttons.play.disabled = true;
      this.buttons.pause.disabled = false;
      this.buttons.pause.focus();
      const frame = () => {
        for (let n = 0; n < EPOCHS_PER_FRAME; n++) {
          if (!this.epoch(eta)) { this.pause(); return; }
        }
        this.show(performance.now() - this.lastFormulas > FORMULA_MS);
        this.frame = requestAnimationFrame(frame);
      };
      this.frame = requestAnimationFrame(frame);
    }

    pause() {
      if (this.frame === null) return;
      cancelAnimationFrame(this.frame);
      this.frame = null;
      const wasFocused = document.activeElement === this.buttons.pause;
      this.buttons.play.disabled = false;
      this.buttons.pause.disabled = true;
      if (wasFocused) this.buttons.play.focus();
      this.show();
    }

    reset() {
      this.pause();
      const seed = this.readSeed();
      this.readEta();
      if (seed === null) return;
      this.start(seed);
      this.show();
    }

    useBook() {
      this.pause();
      this.run = null;
      this.params = Net47.copy(this.data.trained);
      this.message.textContent = "";
      this.progress.textContent = t("playground.not_started");
      this.drawPlot();
      this.update();
    }

    show(formulas = true) {
      const history = this.run.history;
      this.progress.innerHTML = withCost(t("playground.progress", {
        epoch: history.length - 1, cost: showCost(history[history.length - 1]) }));
      this.drawPlot();
      this.update(formulas);
    }

    stop() {
      if (this.frame !== null) cancelAnimationFrame(this.frame);
      this.frame = null;
    }
  }

  // Material's document$ fires on the first load and after every instant navigation:
  // stop the playgrounds the old page took with it, start the new page's.
  function startAll() {
    for (const instance of instances) {
      if (!document.contains(instance.root)) {
        instance.stop();
        instances.delete(instance);
      }
    }
    const data = window.NET47_DATA;
    for (const root of document.querySelectorAll(".net47-playground:not([data-ready])")) {
      if (!(data && window.Net47)) {
        console.error("playground: NET47_DATA or Net47 did not load");
        return;
      }
      root.setAttribute("data-ready", "");
      instances.add(new Playground(root, data));
    }
  }

  if (window.document$) window.document$.subscribe(startAll);
  else document.addEventListener("DOMContentLoaded", startAll);
})();
