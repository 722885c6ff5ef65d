// Cnn69: the convolutional network of chapter 5 in plain JavaScript, for the CNN playground.
//
// The same names and loops as snippets/cnn_expanded.py, in double precision. The 69
// parameters are plain nested arrays, like cnn_vector.py's dict:
//
//   WF[k][p][q]  entry (p, q) of filter k                         3 filters of 3 x 3
//   bF[k]        bias of filter k                                 3
//   WO[c][m]     weight from pooled value m to output unit c      3 rows of 12
//   bO[c]        bias of output unit c                            3
//
// The 12 pooled values are read map by map, each map row by row: place m = 4k + 2i + j
// holds aP[k][i][j]. JavaScript counts from 0 and the prose from 1: WF[0][0][0] is the
// book's w^F_111. An image x is a 6 x 6 grid, x[i][j] the pixel in row i + 1 and column
// j + 1 (1 ink, 0 paper); asGrid makes one from 36 pixels row by row. Its target t is
// [1, 0, 0] for a "1", and so on. A gradient has the shape of the parameters: grads.WF is
// dC_T/dWF, called dWF below.
//
// A classic script (no import/export), so the book works from file:// too.
(function () {
  "use strict";

  const FILTERS = 3;              // k = 0, 1, 2
  const SIZE = 6;                 // the image is SIZE x SIZE
  const WIDTH = 3;                // a filter is WIDTH x WIDTH
  const MAP = SIZE - WIDTH + 1;   // a feature map is MAP x MAP = 4 x 4
  const POOLED = MAP / 2;         // a pooled map is POOLED x POOLED = 2 x 2
  const OUTPUTS = 3;              // c = 0, 1, 2: the digits 1, 2, 3

  // sigma(z) = 1 / (1 + e^-z); e^-z is Infinity for z < -709, and 1 / Infinity = 0 is right
  function sigma(z) {
    return 1 / (1 + Math.exp(-z));
  }

  // t = (1, 0, 0) for a "1", (0, 1, 0) for a "2", (0, 0, 1) for a "3"
  function target(label) {
    return [1, 2, 3].map((digit) => (digit === label ? 1 : 0));
  }

  // z_ij = w_11 x_i,j + w_12 x_i,j+1 + ... + w_33 x_i+2,j+2 + b: one filter at one position,
  // nine products and the bias
  function filterPosition(w, b, x, i, j) {
    return (w[0][0] * x[i][j] + w[0][1] * x[i][j + 1] + w[0][2] * x[i][j + 2]
            + w[1][0] * x[i + 1][j] + w[1][1] * x[i + 1][j + 1] + w[1][2] * x[i + 1][j + 2]
            + w[2][0] * x[i + 2][j] + w[2][1] * x[i + 2][j + 1] + w[2][2] * x[i + 2][j + 2]
            + b);
  }

  // The 4 x 4 weighted inputs of one filter: filterPosition at every (i, j)
  function convolve(w, b, x) {
    return range(MAP).map((i) => range(MAP).map((j) => filterPosition(w, b, x, i, j)));
  }

  // The four candidates of pool (i, j), and the first largest: [its value, its row, its column]
  function poolPosition(a, i, j) {
    const candidates = [[a[2 * i][2 * j], 2 * i, 2 * j], [a[2 * i][2 * j + 1], 2 * i, 2 * j + 1],
                        [a[2 * i + 1][2 * j], 2 * i + 1, 2 * j], [a[2 * i + 1][2 * j + 1], 2 * i + 1, 2 * j + 1]];
    let best = candidates[0];
    for (const candidate of candidates.slice(1)) {
      if (candidate[0] > best[0]) best = candidate; // strictly larger: on a tie the first one stays
    }
    return best;
  }

  // The 2 x 2 pooled map of a 4 x 4 map: the largest of each 2 x 2 block
  function pool(a) {
    return range(POOLED).map((i) => range(POOLED).map((j) => poolPosition(a, i, j)[0]));
  }

  // The 12 pooled values in one list, map by map, row by row: place 4k + 2i + j
  function flattenPooled(aP) {
    return aP.flat(2);
  }

  // zF_kij = (filter k at position i, j) + bF_k,  aF_kij = sigma(zF_kij),
  // aP_kij = max of the four aF_k in block (i, j),
  // zO_c = wO_c1 aP_1 + ... + wO_c12 aP_12 + bO_c,  aO_c = sigma(zO_c)
  function forward(params, x) {
    const { WF, bF, WO, bO } = params;
    x = asGrid(x);
    const zF = range(FILTERS).map((k) => convolve(WF[k], bF[k], x));
    const aF = zF.map((map) => map.map((row) => row.map(sigma)));
    const aP = aF.map(pool);
    const a = flattenPooled(aP);
    const zO = [], aO = [];
    for (let c = 0; c < OUTPUTS; c++) {
      let z = bO[c];
      for (let m = 0; m < a.length; m++) z += WO[c][m] * a[m];
      zO.push(z);
      aO.push(sigma(z));
    }
    return { zF, aF, aP, zO, aO };
  }

  // The digit the network reads in image x: 1, 2 or 3, for the largest output (the first on a tie)
  function predict(params, x) {
    const { aO } = forward(params, x);
    let best = 0;
    for (let c = 1; c < OUTPUTS; c++) if (aO[c] > aO[best]) best = c;
    return best + 1;
  }

  // C = 1/2 [(t_1 - aO_1)^2 + (t_2 - aO_2)^2 + (t_3 - aO_3)^2]
  function cost(aO, t) {
    return 0.5 * ((t[0] - aO[0]) ** 2 + (t[1] - aO[1]) ** 2 + (t[2] - aO[2]) ** 2);
  }

  // C_T = the sum of C over the images
  function totalCost(params, images, targets) {
    let C_T = 0;
    for (let n = 0; n < images.length; n++) C_T += cost(forward(params, images[n]).aO, targets[n]);
    return C_T;
  }

  // The unit errors of one image, from the output back:
  // deltaO_c = (aO_c - t_c) aO_c (1 - aO_c)
  // deltaP_kij = deltaO_1 wO_1,kij + deltaO_2 wO_2,kij + deltaO_3 wO_3,kij
  // deltaF_kij = deltaP of its block times aF_kij (1 - aF_kij) if (i, j) is the block's winner, else 0
  function deltas(params, aF, aO, t) {
    const { WO } = params;
    const deltaO = range(OUTPUTS).map((c) => (aO[c] - t[c]) * aO[c] * (1 - aO[c]));
    const deltaP = range(FILTERS).map(() => range(POOLED).map(() => new Array(POOLED).fill(0)));
    for (let k = 0; k < FILTERS; k++) {
      for (let i = 0; i < POOLED; i++) {
        for (let j = 0; j < POOLED; j++) {
          const m = 4 * k + 2 * i + j;
          let back = 0; // the error that flows back to pooled value (k, i, j) from the outputs
          for (let c = 0; c < OUTPUTS; c++) back += deltaO[c] * WO[c][m];
          deltaP[k][i][j] = back;
        }
      }
    }
    const deltaF = range(FILTERS).map(() => range(MAP).map(() => new Array(MAP).fill(0)));
    for (let k = 0; k < FILTERS; k++) {
      for (let i = 0; i < POOLED; i++) {
        for (let j = 0; j < POOLED; j++) {
          const [, r, s] = poolPosition(aF[k], i, j); // only the winner passes the error on
          deltaF[k][r][s] = deltaP[k][i][j] * aF[k][r][s] * (1 - aF[k][r][s]);
        }
      }
    }
    return { deltaF, deltaP, deltaO };
  }

  // All 69 partial derivatives of C_T, summed over the images:
  // dC_T/dwO_cm = sum of deltaO_c aP_m,          dC_T/dbO_c = sum of deltaO_c,
  // dC_T/dwF_kpq = sum over images and the 16 positions (i, j) of deltaF_kij x_i+p,j+q,
  // dC_T/dbF_k = sum over images and the 16 positions of deltaF_kij.
  function gradients(params, images, targets) {
    const dWF = range(FILTERS).map(() => zeros(WIDTH, WIDTH));
    const dbF = new Array(FILTERS).fill(0);
    const dWO = zeros(OUTPUTS, FILTERS * POOLED * POOLED);
    const dbO = new Array(OUTPUTS).fill(0);
    for (let n = 0; n < images.length; n++) {
      const x = asGrid(images[n]);
      const { aF, aP, aO } = forward(params, x);
      const { deltaF, deltaO } = deltas(params, aF, aO, targets[n]);
      const a = flattenPooled(aP);
      for (let c = 0; c < OUTPUTS; c++) {
        for (let m = 0; m < a.length; m++) dWO[c][m] += deltaO[c] * a[m];
        dbO[c] += deltaO[c];
      }
      for (let k = 0; k < FILTERS; k++) {
        for (let i = 0; i < MAP; i++) {
          for (let j = 0; j < MAP; j++) { // the filter was used at every position: add them all
            for (let p = 0; p < WIDTH; p++) {
              for (let q = 0; q < WIDTH; q++) dWF[k][p][q] += deltaF[k][i][j] * x[i + p][j + q];
            }
            dbF[k] += deltaF[k][i][j];
          }
        }
      }
    }
    return { WF: dWF, bF: dbF, WO: dWO, bO: dbO };
  }

  // Every parameter p <- p - eta dC_T/dp; returns new arrays
  function step(params, grads, eta) {
    const move = (p, d) => (Array.isArray(p) ? p.map((q, n) => move(q, d[n])) : p - eta * d);
    return { WF: move(params.WF, grads.WF), bF: move(params.bF, grads.bF),
             WO: move(params.WO, grads.WO), bO: move(params.bO, grads.bO) };
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

  // --- helpers ---------------------------------------------------------------------------

  function range(n) {
    return Array.from({ length: n }, (_, i) => i);
  }

  function zeros(rows, columns) {
    return Array.from({ length: rows }, () => new Array(columns).fill(0));
  }

  // A 6 x 6 grid, from an image given as 36 pixels row by row or already as a grid
  function asGrid(x) {
    if (x.length === SIZE * SIZE) return range(SIZE).map((i) => x.slice(SIZE * i, SIZE * i + SIZE));
    return x;
  }

  // A deep copy, so that the playground never shares arrays with CNN69_DATA
  function copy(params) {
    return JSON.parse(JSON.stringify(params));
  }

  // theta: the 69 numbers in the order WF (filter by filter, row by row), bF, WO (row by row), bO
  function flatten(params) {
    return [params.WF.flat(2), params.bF, params.WO.flat(), params.bO].flat();
  }

  window.Cnn69 = {
    FILTERS, SIZE, WIDTH, MAP, POOLED, OUTPUTS,
    sigma, target, filterPosition, convolve, poolPosition, pool, flattenPooled, forward, predict,
    cost, totalCost, deltas, gradients, step, train, asGrid, copy, flatten,
  };
})();
