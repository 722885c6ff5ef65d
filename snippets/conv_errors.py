"""The unit errors of the output and pooling layers: delta^O at the outputs and delta^P at the pooled values.

    python snippets/conv_errors.py

prints the unit errors of training image 1 at the book's starting parameters, and checks
them against the slopes of its cost measured by nudging.
"""

import numpy as np

import cnn_dataset
import cnn_expanded
import cnn_parameters
import cnn_vector

IMAGE = 0
H = 1e-6


def book_errors():
    """(DeltaF, DeltaP, DeltaO) of training image 1 at the starting parameters, and the forward pass"""
    X, T = cnn_dataset.to_arrays(cnn_dataset.load_dataset())
    params = cnn_vector.init_parameters(cnn_parameters.SEED)
    ZF, AF, AP, ZO, AO = cnn_vector.forward(params, X[IMAGE:IMAGE + 1])
    return cnn_vector.deltas(params, AF, AO, T[IMAGE:IMAGE + 1]), (ZF, AF, AP, ZO, AO), params, T[IMAGE]


def random_outputs(rng):
    return {"aO": rng.uniform(0, 1, size=3).tolist(),
            "t": list(cnn_dataset.target(int(rng.integers(1, 4))))}


def output_errors_expanded(aO, t):
    """deltaO_d = (aO_d - t_d) aO_d (1 - aO_d), d = 1, 2, 3"""
    return [(aO[d] - t[d]) * aO[d] * (1 - aO[d]) for d in range(3)]


def output_errors_vector(aO, t):
    """deltaO = (aO - t) . aO . (1 - aO), entry by entry"""
    aO, t = np.array(aO), np.array(t)
    return (aO - t) * aO * (np.ones(3) - aO)


def random_back(rng):
    return {"wO": rng.standard_normal((3, 12)).tolist(), "deltaO": rng.standard_normal(3).tolist()}


def pooled_errors_expanded(wO, deltaO):
    """deltaP_kij = deltaO_1 wO_1,kij + deltaO_2 wO_2,kij + deltaO_3 wO_3,kij, at place m = 4k + 2i + j"""
    return [deltaO[0] * wO[0][m] + deltaO[1] * wO[1][m] + deltaO[2] * wO[2][m] for m in range(12)]


def pooled_errors_vector(wO, deltaO):
    """deltaP = (W^O)^T deltaO"""
    return np.array(wO).T @ np.array(deltaO)


CHECKS = {
    "output_errors": (output_errors_expanded, output_errors_vector, random_outputs),
    "pooled_errors": (pooled_errors_expanded, pooled_errors_vector, random_back),
}


# --8<-- [start:nudge]
def cost_of_pooled(params, aP, t):
    """C as a function of the 12 pooled values: everything the network does after pooling"""
    aO = cnn_vector.sigma(params["WO"] @ aP + params["bO"])
    return 0.5 * np.sum((t - aO) ** 2)


def nudged_pooled_errors(params, aP, t, h=H):
    """dC/daP_m ~ [C(aP + h e_m) - C(aP - h e_m)] / 2h, one pooled value at a time"""
    slopes = np.zeros(12)
    for m in range(12):
        e = np.zeros(12)
        e[m] = h
        slopes[m] = (cost_of_pooled(params, aP + e, t) - cost_of_pooled(params, aP - e, t)) / (2 * h)
    return slopes
# --8<-- [end:nudge]


def figure_errors():
    """The three output errors of image 1 and the twelve pooled errors, laid out as three 2 x 2 maps"""
    from matplotlib.figure import Figure

    (DeltaF, DeltaP, DeltaO), forward, params, t = book_errors()
    vmax = float(max(np.max(np.abs(DeltaO)), np.max(np.abs(DeltaP))))
    fig = Figure(figsize=(6.6, 2.0), layout="constrained")
    axes = fig.subplots(1, 4, width_ratios=[1, 2, 2, 2])
    cnn_dataset.draw_map(axes[0], DeltaO[0][:, None], vmax=vmax, digits=3,
                         title="$\\delta^{\\mathrm{O}}_d$")
    for k in range(3):
        cnn_dataset.draw_map(axes[k + 1], DeltaP[0, k], vmax=vmax, digits=3,
                             title=f"$\\delta^{{\\mathrm{{P}}}}_{{{k + 1}ij}}$")
    return fig


def numbers():
    (DeltaF, DeltaP, DeltaO), (ZF, AF, AP, ZO, AO), params, t = book_errors()
    slopes = nudged_pooled_errors(params, AP[0], t)
    largest = tuple(int(v) for v in np.unravel_index(np.argmax(np.abs(DeltaP[0])), DeltaP[0].shape))
    cut = {name: p.copy() for name, p in params.items()}   # exercise 1: w^O_{3,kij} = 0
    cut["WO"][2, np.ravel_multi_index(largest, DeltaP[0].shape)] = 0
    X = cnn_dataset.to_arrays(cnn_dataset.load_dataset())[0][IMAGE:IMAGE + 1]
    ZF_cut, AF_cut, AP_cut, ZO_cut, AO_cut = cnn_vector.forward(cut, X)
    DeltaP_cut = cnn_vector.deltas(cut, AF_cut, AO_cut, t[None])[1]
    return {
        "deltaO_1": float(DeltaO[0, 0]), "deltaO_2": float(DeltaO[0, 1]), "deltaO_3": float(DeltaO[0, 2]),
        "deltaP_1_11": float(DeltaP[0, 0, 0, 0]),
        "nudge_gap": float(np.max(np.abs(slopes - DeltaP[0].ravel()))),
        "largest_pooled_k": largest[0] + 1, "largest_pooled_i": largest[1] + 1,
        "largest_pooled_j": largest[2] + 1, "largest_pooled": float(DeltaP[0][largest]),
        "largest_pooled_cut": float(DeltaP_cut[0][largest]),
    }


if __name__ == "__main__":
    (DeltaF, DeltaP, DeltaO), forward, params, t = book_errors()
    print("deltaO =", np.round(DeltaO[0], 5))
    print("deltaP =\n", np.round(DeltaP[0], 5))
    print("nudged  =\n", np.round(nudged_pooled_errors(params, forward[2][0], t).reshape(3, 2, 2), 5))
