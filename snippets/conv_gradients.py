"""Backpropagation through pooling and through the convolution: all 69 partial derivatives.

    python snippets/conv_gradients.py

computes the 69 partial derivatives of C_T at the book's starting parameters by
backpropagation, and again by central differences, and prints the largest disagreement.
"""

import numpy as np

import cnn_dataset
import cnn_expanded
import cnn_parameters
import cnn_vector

IMAGE = 0
H = 1e-6


# --- the formula pairs -----------------------------------------------------------------

def random_map_and_errors(rng):
    """A random 4 x 4 activated map (with a tied block half the time) and four pooled errors"""
    a = rng.uniform(0.05, 0.95, size=(4, 4))
    if rng.uniform() < 0.5:
        a[0:2, 2:4] = a[0, 3]
    return {"a": a.tolist(), "deltaP": rng.standard_normal((2, 2)).tolist()}


def through_pooling_expanded(a, deltaP):
    """deltaF_ij = deltaP of its block times aF_ij (1 - aF_ij) at the block's winner, 0 elsewhere"""
    deltaF = [[0.0] * 4 for i in range(4)]
    for i in range(2):
        for j in range(2):
            value, r, s = cnn_expanded.pool_position(a, i, j)
            deltaF[r][s] = deltaP[i][j] * a[r][s] * (1 - a[r][s])
    return deltaF


# --8<-- [start:spread]
# S copies each block's error to the block's four units: S[4(i-1)+j, 2(ceil(i/2)-1)+ceil(j/2)] = 1.
S = np.array([[1.0 if (i // 2) * 2 + j // 2 == block else 0.0 for block in range(4)]
              for i in range(4) for j in range(4)])


def through_pooling_vector(a, deltaP):
    """deltaF = m . (S deltaP) . aF . (1 - aF): the maps read row by row, m marks the winners"""
    aF = np.array(a).ravel()
    m = cnn_vector.winners(np.array(a)[None, None])[0, 0].ravel()
    return (m * (S @ np.ravel(deltaP)) * aF * (np.ones(16) - aF)).reshape(4, 4)
# --8<-- [end:spread]


def random_errors_and_image(rng):
    """A random 4 x 4 map of unit errors, a random 6 x 6 image"""
    return {"deltaF": rng.standard_normal((4, 4)).tolist(), "x": cnn_parameters.random_grid(rng)}


def filter_gradient_expanded(deltaF, x):
    """dC/dwF_pq = deltaF_11 x_p,q + deltaF_12 x_p,q+1 + ... + deltaF_44 x_p+3,q+3: all 16 positions"""
    grad = [[0.0] * 3 for p in range(3)]
    for p in range(3):
        for q in range(3):
            for i in range(4):
                for j in range(4):
                    grad[p][q] += deltaF[i][j] * x[i + p][j + q]
    return [grad[p][q] for p in range(3) for q in range(3)]


# --8<-- [start:filter_gradient]
def filter_gradient_vector(deltaF, x):
    """dC/dwF = U^T deltaF: the 9 x 16 transposed windows times the 16 unit errors"""
    U = cnn_vector.unfold(np.array([x]))[0]
    return U.T @ np.ravel(deltaF)
# --8<-- [end:filter_gradient]


def filter_bias_expanded(deltaF, x):
    """dC/dbF = deltaF_11 + deltaF_12 + ... + deltaF_44"""
    total = 0.0
    for i in range(4):
        for j in range(4):
            total += deltaF[i][j]
    return total


def filter_bias_vector(deltaF, x):
    """dC/dbF = 1^T deltaF"""
    return np.ones(16) @ np.ravel(deltaF)


def random_outputs(rng):
    return {"deltaO": rng.standard_normal(3).tolist(), "aP": rng.uniform(0, 1, size=12).tolist()}


def output_weights_expanded(deltaO, aP):
    """dC/dwO_d,kij = deltaO_d aP_kij, one entry at a time"""
    return [[deltaO[d] * aP[m] for m in range(12)] for d in range(3)]


def output_weights_vector(deltaO, aP):
    """dC/dW^O = deltaO (aP)^T, an outer product"""
    return np.outer(deltaO, aP)


CHECKS = {
    "through_pooling": (through_pooling_expanded, through_pooling_vector, random_map_and_errors),
    "filter_gradient": (filter_gradient_expanded, filter_gradient_vector, random_errors_and_image),
    "filter_bias": (filter_bias_expanded, filter_bias_vector, random_errors_and_image),
    "output_weights": (output_weights_expanded, output_weights_vector, random_outputs),
}


# --- the book's numbers ----------------------------------------------------------------

# --8<-- [start:numerical]
def numerical_gradients(params, X, T, h=H):
    """Each dC_T/dtheta_m as (C_T(theta + h e_m) - C_T(theta - h e_m)) / 2h: 138 forward passes"""
    theta = cnn_vector.theta_vector(params)
    grads = np.zeros_like(theta)
    for m in range(theta.size):
        up, down = theta.copy(), theta.copy()
        up[m] += h
        down[m] -= h
        grads[m] = (cnn_vector.total_cost(cnn_vector.from_theta(up), X, T)
                    - cnn_vector.total_cost(cnn_vector.from_theta(down), X, T)) / (2 * h)
    return grads
# --8<-- [end:numerical]


def book_start():
    X, T = cnn_dataset.to_arrays(cnn_dataset.load_dataset())
    return cnn_vector.init_parameters(cnn_parameters.SEED), X, T


def figure_filter_errors():
    """Image 1 at the starting parameters: the unit errors deltaF of each map (zero off the
    winners) and the nine derivatives dC/dwF of each filter."""
    from matplotlib.figure import Figure

    params, X, T = book_start()
    one = cnn_vector.gradients(params, X[IMAGE:IMAGE + 1], T[IMAGE:IMAGE + 1])
    ZF, AF, AP, ZO, AO = cnn_vector.forward(params, X[IMAGE:IMAGE + 1])
    DeltaF = cnn_vector.deltas(params, AF, AO, T[IMAGE:IMAGE + 1])[0][0]
    vmax = float(max(np.max(np.abs(DeltaF)), np.max(np.abs(one["WF"]))))
    fig = Figure(figsize=(7.4, 2.3), layout="constrained")
    axes = fig.subplots(1, 6, width_ratios=[4, 3] * 3)
    for k in range(3):
        cnn_dataset.draw_map(axes[2 * k], DeltaF[k], vmax=vmax, digits=3,
                             title=f"$\\delta^{{\\mathrm{{F}}}}_{{{k + 1}ij}}$")
        cnn_dataset.draw_map(axes[2 * k + 1], one["WF"][k], vmax=vmax, digits=3,
                             title=f"$\\partial C / \\partial w^{{\\mathrm{{F}}}}_{{{k + 1}pq}}$")
    return fig


def numbers():
    params, X, T = book_start()
    backprop = cnn_vector.theta_vector(cnn_vector.gradients(params, X, T))
    numeric = numerical_gradients(params, X, T)
    ZF, AF, AP, ZO, AO = cnn_vector.forward(params, X[IMAGE:IMAGE + 1])
    DeltaF = cnn_vector.deltas(params, AF, AO, T[IMAGE:IMAGE + 1])[0][0]
    one = cnn_vector.gradients(params, X[IMAGE:IMAGE + 1], T[IMAGE:IMAGE + 1])
    inked = [(i, j) for i, j in zip(*np.nonzero(DeltaF[0])) if X[IMAGE, i, j] == 1]  # exercise 2
    terms = {f"dwF_1_11_term_{n + 1}": float(DeltaF[0, i, j]) for n, (i, j) in enumerate(inked)}
    places = {f"dwF_1_11_at_{n + 1}": f"({i + 1}, {j + 1})" for n, (i, j) in enumerate(inked)}
    return {**terms, **places, "dwF_1_11_terms": len(inked),
        "max_difference": float(np.max(np.abs(backprop - numeric))),
        "largest": float(np.max(np.abs(backprop))),
        "nonzero_deltaF": int(np.count_nonzero(DeltaF)),
        "units": DeltaF.size,
        "dwF_1_11": float(one["WF"][0, 0, 0]),
        "dbF_1": float(one["bF"][0]),
        "h": H, "passes": 2 * backprop.size,
    }


if __name__ == "__main__":
    params, X, T = book_start()
    backprop = cnn_vector.theta_vector(cnn_vector.gradients(params, X, T))
    numeric = numerical_gradients(params, X, T)
    print(f"{backprop.size} partial derivatives of C_T; largest |backprop - central difference| "
          f"= {np.max(np.abs(backprop - numeric)):.2e}")
