"""Bridge to modern notation: the weight gradients of J = C + (lambda/2)(|W2|^2 + |W3|^2).

Dive into Deep Learning writes the gradient of a one-hidden-layer network with L2
regularisation as dJ/dW(2) = (dJ/do) h^T + lambda W(2). This snippet computes the same
gradients in the book's notation, term by term and in vector form, and checks them
against finite differences of J.

    python snippets/modern_notation.py               # the book's example: lambda = 0.01
    python snippets/modern_notation.py --lam 0.1     # a stronger penalty

prints J, its two parts and the gradient dJ/dW3 for the first training image.
"""

import argparse
import math

import numpy as np
from matplotlib.figure import Figure

import dataset
import expanded
import grids
import parameters
import vector

LAM = 0.01     # lambda, the weight of the penalty: d2l's hyperparameter, PyTorch's weight_decay
ETA = parameters.ETA  # the book's learning rate, for the weight-decay exercise
IMAGE = 0      # the example: image 1 of the training set, a bare "0"
H = 1e-6       # step of the central finite differences


def example():
    """The network training starts from (the book's seed) and the example image."""
    params = vector.init_parameters(parameters.SEED)
    x, label = dataset.load_dataset()[IMAGE]
    return params, x, label


# --8<-- [start:objective]
def objective_expanded(params, x, label, lam):
    """J = 1/2 [(t1 - a3_1)^2 + (t2 - a3_2)^2]
          + lambda/2 [(w2_11)^2 + ... + (w3_23)^2]"""
    w2, b2, w3, b3 = vector.to_expanded(params)
    a3 = expanded.forward((w2, b2, w3, b3), x)[3]
    C = expanded.cost(a3, dataset.target(label))
    squares = 0.0
    for w in (w2, w3):
        for row in w:
            for weight in row:
                squares += weight * weight  # the biases are not in the penalty
    return C + lam / 2 * squares


def objective_vector(params, x, label, lam):
    """J = 1/2 |t - a3|^2 + lambda/2 (|W2|^2 + |W3|^2)"""
    X, T = dataset.to_arrays([(x, label)])
    C = vector.total_cost(params, X, T)
    return C + lam / 2 * (np.sum(params["W2"] ** 2) + np.sum(params["W3"] ** 2))
# --8<-- [end:objective]


def unit_errors_expanded(params, x, label):
    """a2, delta2 and delta3 of one image, from expanded.py's loops."""
    p = vector.to_expanded(params)
    z2, a2, z3, a3 = expanded.forward(p, x)
    delta2, delta3 = expanded.deltas(p, a2, a3, dataset.target(label))
    return a2, delta2, delta3


# --8<-- [start:forward_column]
def forward_column(params, x, label):
    """One image as columns: z2 = W2 x + b2, a2 = sigma(z2),
    z3 = W3 a2 + b3, a3 = sigma(z3), delta3 = (a3 - t) * sigma'(z3),
    delta2 = (W3^T delta3) * sigma'(z2)"""
    x = np.asarray(x, dtype=float)
    t = np.array(dataset.target(label))
    a2 = vector.sigma(params["W2"] @ x + params["b2"])
    a3 = vector.sigma(params["W3"] @ a2 + params["b3"])
    delta3 = (a3 - t) * a3 * (1 - a3)  # sigma'(z) = a (1 - a)
    delta2 = (params["W3"].T @ delta3) * a2 * (1 - a2)
    return x, a2, delta2, delta3
# --8<-- [end:forward_column]


# --8<-- [start:grad_W3]
def grad_W3_expanded(params, x, label, lam):
    """dJ/dw3_kj = delta3_k a2_j + lambda w3_kj, k = 1, 2 and j = 1, 2, 3"""
    w3 = params["W3"].tolist()
    a2, delta2, delta3 = unit_errors_expanded(params, x, label)
    return [[delta3[k] * a2[j] + lam * w3[k][j] for j in range(3)]
            for k in range(2)]


def grad_W3_vector(params, x, label, lam):
    """dJ/dW3 = delta3 a2^T + lambda W3"""
    x, a2, delta2, delta3 = forward_column(params, x, label)
    return np.outer(delta3, a2) + lam * params["W3"]
# --8<-- [end:grad_W3]


# --8<-- [start:paths]
def paths_expanded(params, x, label, lam):
    """dJ/dw3_kj = sum over k' of (dJ/dz3_k')(dz3_k'/dw3_kj) + (dJ/ds)(ds/dw3_kj)"""
    w3 = params["W3"].tolist()
    a2, delta2, delta3 = unit_errors_expanded(params, x, label)
    dJ_dz3 = delta3  # the penalty does not depend on z3, so dJ/dz3_k = dC/dz3_k
    dJ_ds = 1.0      # J = C + s
    gradient = []
    for k in range(2):
        row = []
        for j in range(3):
            through_z3 = 0.0
            for k_ in range(2):  # both outputs; z3_k' holds w3_kj only when k' = k
                dz3_dw = a2[j] if k_ == k else 0.0
                through_z3 += dJ_dz3[k_] * dz3_dw
            ds_dw = lam * w3[k][j]  # s holds w3_kj in lambda/2 (w3_kj)^2
            row.append(through_z3 + dJ_ds * ds_dw)
        gradient.append(row)
    return gradient


def paths_vector(params, x, label, lam):
    """dJ/dW3 = prod(dJ/dz3, dz3/dW3) + prod(dJ/ds, ds/dW3) = delta3 a2^T + lambda W3"""
    x, a2, delta2, delta3 = forward_column(params, x, label)
    return np.outer(delta3, a2) + 1.0 * (lam * params["W3"])
# --8<-- [end:paths]


# --8<-- [start:grad_W2]
def grad_W2_expanded(params, x, label, lam):
    """dJ/dw2_ji = delta2_j x_i + lambda w2_ji, j = 1, 2, 3 and i = 1, ..., 12"""
    w2 = params["W2"].tolist()
    a2, delta2, delta3 = unit_errors_expanded(params, x, label)
    return [[delta2[j] * x[i] + lam * w2[j][i] for i in range(12)]
            for j in range(3)]


def grad_W2_vector(params, x, label, lam):
    """dJ/dW2 = delta2 x^T + lambda W2"""
    x, a2, delta2, delta3 = forward_column(params, x, label)
    return np.outer(delta2, x) + lam * params["W2"]
# --8<-- [end:grad_W2]


# --8<-- [start:grad_b]
def grad_b_expanded(params, x, label, lam):
    """dJ/db3_k = delta3_k, dJ/db2_j = delta2_j: no lambda, no penalty on biases"""
    a2, delta2, delta3 = unit_errors_expanded(params, x, label)
    return list(delta3) + list(delta2)


def grad_b_vector(params, x, label, lam):
    """dJ/db3 = delta3,  dJ/db2 = delta2"""
    x, a2, delta2, delta3 = forward_column(params, x, label)
    return np.concatenate([delta3, delta2])
# --8<-- [end:grad_b]


# --8<-- [start:decay_step]
def decay_step_expanded(params, x, label, lam, eta):
    """w3_kj <- w3_kj - eta (delta3_k a2_j + lambda w3_kj), one weight at a time"""
    w3 = params["W3"].tolist()
    dJ = grad_W3_expanded(params, x, label, lam)
    return [[w3[k][j] - eta * dJ[k][j] for j in range(3)] for k in range(2)]


def decay_step_vector(params, x, label, lam, eta):
    """W3 <- (1 - eta lambda) W3 - eta delta3 a2^T: shrink, then step as before"""
    x, a2, delta2, delta3 = forward_column(params, x, label)
    return (1 - eta * lam) * params["W3"] - eta * np.outer(delta3, a2)
# --8<-- [end:decay_step]


# --8<-- [start:linear_rows]
def linear_rows_expanded(params, images, **_):
    """z2_j = w2_j1 x_1 + ... + w2_j12 x_12 + b2_j, for each image in turn"""
    p = vector.to_expanded(params)
    return [expanded.forward(p, x)[0] for x, label in images]


def linear_rows_vector(params, images, **_):
    """Z2 = X W2^T + 1 b2^T: nn.Linear on one image per row of X, the ones written out"""
    X, T = dataset.to_arrays(images)
    ones = np.ones((len(X), 1))
    return X @ params["W2"].T + ones @ params["b2"].reshape(1, 3)
# --8<-- [end:linear_rows]


def grad_J_T_expanded(params, images, lam, **_):
    """dJ_T/dw = (sum over the images of delta a) + lambda w, for every weight of W3 and W2"""
    w2, b2, w3, b3 = vector.to_expanded(params)
    dw2, db2, dw3, db3 = expanded.gradients((w2, b2, w3, b3), images)
    return {"W3": [[dw3[k][j] + lam * w3[k][j] for j in range(3)] for k in range(2)],
            "W2": [[dw2[j][i] + lam * w2[j][i] for i in range(12)] for j in range(3)]}


def grad_J_T_vector(params, images, lam, **_):
    """dJ_T/dW3 = Delta3^T A2 + lambda W3,  dJ_T/dW2 = Delta2^T X + lambda W2"""
    X, T = dataset.to_arrays(images)
    Z2, A2, Z3, A3 = vector.forward(params, X)
    Delta2, Delta3 = vector.deltas(params, A2, A3, T)
    return {"W3": Delta3.T @ A2 + lam * params["W3"], "W2": Delta2.T @ X + lam * params["W2"]}


def random_case(rng):
    """Random parameters, a random image with its label, a random lambda and eta."""
    params = {name: rng.standard_normal(shape) for name, shape in vector.SHAPES.items()}
    images = [(tuple(int(v) for v in rng.integers(0, 2, size=12)), int(rng.integers(0, 2)))
              for _ in range(5)]
    x, label = images[0]
    return {"params": params, "x": x, "label": label, "images": images,
            "lam": rng.uniform(0, 0.5), "eta": rng.uniform(0.05, 1)}


def _only(*names):
    """random_case, keeping the keyword arguments a pair's functions take."""
    return lambda rng: {name: value for name, value in random_case(rng).items() if name in names}


CHECKS = {
    "objective": (objective_expanded, objective_vector, _only("params", "x", "label", "lam")),
    "grad_W3": (grad_W3_expanded, grad_W3_vector, _only("params", "x", "label", "lam")),
    "grad_W2": (grad_W2_expanded, grad_W2_vector, _only("params", "x", "label", "lam")),
    "grad_b": (grad_b_expanded, grad_b_vector, _only("params", "x", "label", "lam")),
    "decay_step": (decay_step_expanded, decay_step_vector,
                   _only("params", "x", "label", "lam", "eta")),
    "linear_rows": (linear_rows_expanded, linear_rows_vector, _only("params", "images")),
    "paths": (paths_expanded, paths_vector, _only("params", "x", "label", "lam")),
    "grad_J_T": (grad_J_T_expanded, grad_J_T_vector, _only("params", "images", "lam")),
}


# --8<-- [start:finite_difference]
def finite_difference(params, x, label, lam, name, index, h=H):
    """dJ/dp ~ [J(p + h) - J(p - h)] / 2h, for p = params[name][index] alone"""
    def J_moved(step):
        moved = {key: value.copy() for key, value in params.items()}
        moved[name][index] += step
        return objective_vector(moved, x, label, lam)
    return (J_moved(h) - J_moved(-h)) / (2 * h)
# --8<-- [end:finite_difference]


def steps_to_halve(eta, lam):
    """Steps of pure weight decay, w <- (1 - eta lambda) w, until w is at most half its size."""
    n, w = 0, 1.0
    while w > 0.5:
        w *= 1 - eta * lam
        n += 1
    return n


def matrix_tex(M, fmt=".4f"):
    """A matrix as TeX: \\begin{pmatrix} ... \\end{pmatrix}."""
    rows = [" & ".join(format(float(v), fmt) for v in row) for row in np.atleast_2d(M)]
    return "\\begin{pmatrix} " + " \\\\ ".join(rows) + " \\end{pmatrix}"


def figure_graph():
    """d2l's computational graph: x, W1 -> z -> h; h, W2 -> o; o, y -> L; W1, W2 -> s;
    L, s -> J. The two paths from W2 to J are drawn in colour with their local derivatives."""
    fig = Figure(figsize=(7.2, 3.3), layout="constrained")
    ax = fig.subplots()
    nodes = {"x": (0.0, 2.0), "W1": (0.0, 0.9), "z": (1.3, 2.0), "h": (2.6, 2.0),
             "W2": (2.6, 0.9), "o": (3.9, 2.0), "y": (3.9, 3.0), "L": (5.2, 2.0),
             "s": (5.2, 0.0), "J": (6.5, 1.0)}
    labels = {"x": r"$\mathbf{x}$", "W1": r"$\mathbf{W}^{(1)}$", "z": r"$\mathbf{z}$",
              "h": r"$\mathbf{h}$", "W2": r"$\mathbf{W}^{(2)}$", "o": r"$\mathbf{o}$",
              "y": "$y$", "L": "$L$", "s": "$s$", "J": "$J$"}
    grey, blue, orange = "#8a8f98", "#4a7fd6", "#e8743b"
    edges = [("x", "z", grey, None), ("W1", "z", grey, None), ("z", "h", grey, None),
             ("h", "o", grey, None), ("y", "L", grey, None), ("W1", "s", grey, None),
             ("W2", "o", blue, r"$\partial \mathbf{o} / \partial \mathbf{W}^{(2)}$"),
             ("o", "L", blue, r"$\partial L / \partial \mathbf{o}$"),
             ("L", "J", blue, r"$\partial J / \partial L = 1$"),
             ("W2", "s", orange, r"$\partial s / \partial \mathbf{W}^{(2)} = \lambda \mathbf{W}^{(2)}$"),
             ("s", "J", orange, r"$\partial J / \partial s = 1$")]
    for start, end, colour, label in edges:
        (x0, y0), (x1, y1) = nodes[start], nodes[end]
        ax.annotate("", xy=(x1, y1), xytext=(x0, y0),
                    arrowprops={"arrowstyle": "-|>", "color": colour,
                                "linewidth": 2.4 if label else 1.0, "shrinkA": 16, "shrinkB": 16})
        if label:
            ax.text((x0 + x1) / 2, (y0 + y1) / 2 + 0.2, label, ha="center", va="bottom",
                    fontsize=9, color=colour)
    for name, (x, y) in nodes.items():
        ax.plot(x, y, marker="s" if name != "J" else "o", markersize=27, markerfacecolor="none",
                markeredgecolor=grey, markeredgewidth=1.2)
        ax.text(x, y, labels[name], ha="center", va="center", fontsize=11)
    ax.set_xlim(-0.5, 7.0)
    ax.set_ylim(-0.5, 3.5)
    ax.set_axis_off()
    return fig


def figure_hidden_gradient():
    """dJ/dw2_1i on the 4x3 grid for the example: the data part, the penalty part, their sum."""
    params, x, label = example()
    x, a2, delta2, delta3 = forward_column(params, x, label)
    data = delta2[0] * x
    penalty = LAM * params["W2"][0]
    parts = (data, penalty, data + penalty)
    vmax = float(max(np.max(np.abs(p)) for p in parts))
    fig = Figure(figsize=(6.0, 2.9), layout="constrained")
    titles = (r"$\delta^2_1 x_i$", r"$\lambda\, w^2_{1i}$",
              r"$\partial J / \partial w^2_{1i}$")
    for ax, part, title in zip(fig.subplots(1, 4), (x,) + parts,
                               (r"image $x_i$",) + titles):
        if part is x:
            grids.draw_image(ax, x, title=title)
        else:
            grids.draw_weights(ax, part, vmax=vmax, title=title, values=False)
    return fig


def numbers():
    """The example's numbers for the prose: lambda, J and its parts, one gradient entry."""
    params, x, label = example()
    X, T = dataset.to_arrays([(x, label)])
    C = vector.total_cost(params, X, T)
    J = objective_vector(params, x, label, LAM)
    x_col, a2, delta2, delta3 = forward_column(params, x, label)
    data3 = np.outer(delta3, a2)
    dW3 = grad_W3_vector(params, x, label, LAM)
    W2, W3 = params["W2"], params["W3"]
    return {
        "lam": LAM, "eta": ETA, "image": IMAGE + 1, "label": label,
        "C": C, "penalty": J - C, "J": J,
        "sum_squares": float(np.sum(W2 ** 2) + np.sum(W3 ** 2)),
        "delta3_1": delta3[0], "a2_1": a2[0], "w3_11": W3[0, 0],
        "data_11": data3[0, 0], "penalty_11": LAM * W3[0, 0], "dJ_11": dW3[0, 0],
        "fd_11": finite_difference(params, x, label, LAM, "W3", (0, 0)),
        "data3_tex": matrix_tex(data3), "penalty3_tex": matrix_tex(LAM * W3),
        "dW3_tex": matrix_tex(dW3),
        "max_fd_error": max(
            abs(finite_difference(params, x, label, LAM, name, index) - grad[index])
            for name, grad in (("W3", dW3), ("W2", grad_W2_vector(params, x, label, LAM)))
            for index in np.ndindex(params[name].shape)),
        # exercise 1: pixel x_5 is paper in a "0", so only the penalty moves w2_15
        "x5": x[4], "w2_15": W2[0, 4], "dJ_w2_15": LAM * W2[0, 4],
        # exercise 2: pure weight decay halves a weight after this many steps
        "decay_factor": 1 - ETA * LAM, "steps_half": steps_to_halve(ETA, LAM),
    }


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="modern_notation.py",
        description="J = C + lambda/2 (|W2|^2 + |W3|^2) and its gradient dJ/dW3 = delta3 a2^T "
                    "+ lambda W3 for the first training image, checked by finite differences.")
    parser.add_argument("--lam", type=float, default=LAM,
                        help=f"lambda, the weight of the penalty, 0 or more (default: {LAM})")
    args = parser.parse_args(argv)
    if not (math.isfinite(args.lam) and args.lam >= 0):
        parser.error(f"argument --lam: must be a finite number, 0 or more, not {args.lam}")
    params, x, label = example()
    J = objective_vector(params, x, label, args.lam)
    C = objective_vector(params, x, label, 0.0)
    print(f"image {IMAGE + 1} (a \"{label}\"), lambda = {args.lam}")
    print(f"C = {C:.6f}, penalty = {J - C:.6f}, J = {J:.6f}")
    dW3 = grad_W3_vector(params, x, label, args.lam)
    print("dJ/dW3 = delta3 a2^T + lambda W3 =")
    print(np.array2string(dW3, precision=6))
    fd = [[finite_difference(params, x, label, args.lam, "W3", (k, j)) for j in range(3)]
          for k in range(2)]
    print(f"largest gap to finite differences: {np.max(np.abs(dW3 - np.array(fd))):.1e}")


if __name__ == "__main__":
    main()
