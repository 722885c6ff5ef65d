// Net47: the 12-3-2 network of the book in plain JavaScript, for the instruments.
//
// The same names and loops as snippets/expanded.py, in double precision. The 47
// parameters are plain nested arrays, like vector.py's dict:
//
//   W2[j][i]  weight from pixel i to hidden unit j      3 rows of 12
//   b2[j]     bias of hidden unit j                     3
//   W3[k][j]  weight from hidden unit j to output k     2 rows of 3
//   b3[k]     bias of output unit k                     2
//
// JavaScript counts from 0 and the prose from 1: W2[0][0] is the book's w^2_11.
// An image x is 12 pixels row by row (1 ink, 0 paper); its target t is [1, 0] for
// a "0" and [0, 1] for a "1". A gradient has the same shape as the parameters:
// grads.W2 is dC_T/dW2, called dW2 below.
//
// A classic script (no import/export), so the book works from file:// too.
(function () {
  "use strict";

  // sigma(z) = 1 / (1 + e^-z); e^-z is Infinity for z < -709, and 1 / Infinity = 0 is right
  function sigma(z) {
    return 1 / (1 + Math.exp(-z));
  }

  // t = (1, 0) for a "0", (0, 1) for a "1"
  function target(label) {
    return label === 0 ? [1, 0] : [0, 1];
  }

  // z2_j = w2_j1 x_1 + ... + w2_j12 x_12 + b2_j,   a2_j = sigma(z2_j)
  // z3_k = w3_k1 a2_1 + w3_k2 a2_2 + w3_k3 a2_3 + b3_k,   a3_k = sigma(z3_k)
  function forward(params, x) {
    const { W2, b2, W3, b3 } = params;
    const z2 = [], a2 = [], z3 = [], a3 = [];
    for (let j = 0; j < 3; j++) {
      let z = b2[j];
      for (let i = 0; i < 12; i++) z += W2[j][i] * x[i];
      z2.push(z);
      a2.push(sigma(z));
    }
    for (let k = 0; k < 2; k++) {
      let z = b3[k];
      for (let j = 0; j < 3; j++) z += W3[k][j] * a2[j];
      z3.push(z);
      a3.push(sigma(z));
    }
    return { z2, a2, z3, a3 };
  }

  // The label: the output unit with the larger a3 (unit 1 -> 0, unit 2 -> 1), as vector.predict
  function predict(params, x) {
    const { a3 } = forward(params, x);
    return a3[1] > a3[0] ? 1 : 0;
  }

  // C = 1/2 [(t_1 - a3_1)^2 + (t_2 - a3_2)^2]
  function cost(a3, t) {
    return 0.5 * ((t[0] - a3[0]) ** 2 + (t[1] - a3[1]) ** 2);
  }

  // C_T = the sum of C over the images
  function totalCost(params, images, targets) {
    let C_T = 0;
    for (let n = 0; n < images.length; n++) C_T += cost(forward(params, images[n]).a3, targets[n]);
    return C_T;
  }

  // delta3_k = (a3_k - t_k) a3_k (1 - a3_k)
  // delta2_j = (delta3_1 w3_1j + delta3_2 w3_2j) a2_j (1 - a2_j)
  function deltas(params, a2, a3, t) {
    const { W3 } = params;
    const delta3 = [0, 1].map((k) => (a3[k] - t[k]) * a3[k] * (1 - a3[k]));
    const delta2 = [];
    for (let j = 0; j < 3; j++) {
      let back = 0; // the error that flows back to hidden unit j from both outputs
      for (let k = 0; k < 2; k++) back += delta3[k] * W3[k][j];
      delta2.push(back * a2[j] * (1 - a2[j]));
    }
    return { delta2, delta3 };
  }

  // All 47 partial derivatives of C_T, summed over the images:
  // dC_T/dw3_kj = sum of delta3_k a2_j,  dC_T/db3_k = sum of delta3_k,
  // dC_T/dw2_ji = sum of delta2_j x_i,   dC_T/db2_j = sum of delta2_j.
  function gradients(params, images, targets) {
    const dW2 = zeros(3, 12), db2 = [0, 0, 0], dW3 = zeros(2, 3), db3 = [0, 0];
    for (let n = 0; n < images.length; n++) {
      const x = images[n];
      const { a2, a3 } = forward(params, x);
      const { delta2, delta3 } = deltas(params, a2, a3, targets[n]);
      for (let k = 0; k < 2; k++) {
        for (let j = 0; j < 3; j++) dW3[k][j] += delta3[k] * a2[j];
        db3[k] += delta3[k];
      }
      for (let j = 0; j < 3; j++) {
        for (let i = 0; i < 12; i++) dW2[j][i] += delta2[j] * x[i];
        db2[j] += delta2[j];
      }
    }
    return { W2: dW2, b2: db2, W3: dW3, b3: db3 };
  }

  // w <- w - eta dC_T/dw and b <- b - eta dC_T/db, for all 47 parameters; returns new arrays
  function step(params, grads, eta) {
    const move = (p, d) => (Array.isArray(p) ? p.map((q, n) => move(q, d[n])) : p - eta * d);
    return { W2: move(params.W2, grads.W2), b2: move(params.b2, grads.b2),
             W3: move(params.W3, grads.W3), b3: move(params.b3, grads.b3) };
  }

  // Full-batch gradient descent: `epochs` steps on C_T. history[e] is C_T after e epochs.
  // onEpoch(epoch, C_T, params), if given, sees every epoch; returning false stops early.
  function train(params, images, targets, eta, epochs, onEpoch) {
    const history = [totalCost(params, images, targets)];
    for (let epoch = 1; epoch <= epochs; epoch++) {
      params = step(params, gradients(params, images, targets), eta);
      history.push(totalCost(params, images, targets));
      if (onEpoch && onEpoch(epoch, history[epoch], params) === false) break;
    }
    return { params, history };
  }

  // --- stochastic and mini-batch descent (snippets/stochastic_descent.py) ------------------

  // One epoch's mini-batches: the image numbers 0 .. n-1 shuffled (Fisher-Yates, drawing from
  // `uniform`), cut into groups of batchSize, the last one smaller if batchSize does not
  // divide n. A batch of all n images stays in order, as dataset.batches keeps it.
  function batches(n, batchSize, uniform) {
    const order = Array.from({ length: n }, (_, i) => i);
    if (batchSize >= n) return [order];
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(uniform() * (i + 1));
      [order[i], order[j]] = [order[j], order[i]];
    }
    const cut = [];
    for (let start = 0; start < n; start += batchSize) cut.push(order.slice(start, start + batchSize));
    return cut;
  }

  // One epoch of mini-batch descent: a step against the gradient of each batch's cost.
  // batchSize 1 is stochastic gradient descent, images.length the full batch (step above).
  // Returns the parameters and the batches it took, in order.
  function epoch(params, images, targets, eta, batchSize, uniform) {
    const taken = batches(images.length, batchSize, uniform);
    for (const batch of taken) {
      const grads = gradients(params, batch.map((n) => images[n]), batch.map((n) => targets[n]));
      params = step(params, grads, eta);
    }
    return { params, batches: taken };
  }

  // --- helpers ---------------------------------------------------------------------------

  function zeros(rows, columns) {
    return Array.from({ length: rows }, () => new Array(columns).fill(0));
  }

  // A deep copy, so that the instruments never share arrays with NET47_DATA
  function copy(params) {
    return JSON.parse(JSON.stringify(params));
  }

  // The 47 numbers in the order W2 (row by row), b2, W3, b3
  function flatten(params) {
    return [params.W2.flat(), params.b2, params.W3.flat(), params.b3].flat();
  }

  // The largest |parameter|, NaN if any is not a number
  function largest(params) {
    let m = 0;
    for (const p of flatten(params)) {
      if (!Number.isFinite(p)) return NaN;
      m = Math.max(m, Math.abs(p));
    }
    return m;
  }

  // A seeded generator of uniform numbers in [0, 1): mulberry32, 32 bits of state
  function random(seed) {
    let s = seed >>> 0;
    return function () {
      s = (s + 0x6d2b79f5) >>> 0;
      let r = Math.imul(s ^ (s >>> 15), 1 | s);
      r = (r + Math.imul(r ^ (r >>> 7), 61 | r)) ^ r;
      return ((r ^ (r >>> 14)) >>> 0) / 4294967296;
    };
  }

  // Standard normal numbers from uniform ones (Box-Muller); 1 - u keeps log away from 0
  function normal(uniform) {
    return () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
  }

  // Random parameters, each normal with mean 0 and deviation `scale` (vector.init_parameters).
  // Seed 0 is the book's run: `book` (NET47_DATA.initial, drawn by numpy) is returned as it is.
  // Other seeds draw from this file's own generator: the same seed gives the same start in
  // every browser, but not the start that `python snippets/train.py --seed` draws.
  function initParameters(seed, book, scale = 1) {
    if (seed === 0 && book) return copy(book);
    const draw = normal(random(seed));
    const fill = (rows, columns) => Array.from({ length: rows }, () =>
      Array.from({ length: columns }, () => scale * draw()));
    return { W2: fill(3, 12), b2: fill(1, 3)[0], W3: fill(2, 3), b3: fill(1, 2)[0] };
  }

  window.Net47 = {
    sigma, target, forward, predict, cost, totalCost, deltas, gradients, step, train,
    batches, epoch, copy, flatten, largest, random, initParameters,
  };
})();
