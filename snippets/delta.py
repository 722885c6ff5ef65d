"""The unit error delta^l_j = dC/dz^l_j: how the cost of one image changes with a unit's z.

    python snippets/delta.py

prints the unit errors of image 1 with the book's starting parameters, twice: from
the formulas of vector.py, and by nudging each z and watching C (finite differences).
"""


import math

import numpy as np
from matplotlib.figure import Figure

import dataset
import expanded
import parameters
import vector

# The page's measurement of delta (C as a function of z, then a central difference in each
# z) is in vector.py, as vector.numerical_deltas, beside vector.formula_deltas: the next
# sections check their own unit errors against it too.

# The pair's check. Both sides compute delta^l_j = dC/dz^l_j from its definition, with no
# formula for delta: give z^l_j a rate of change of 1, carry that rate forward through
# the rest of the network (the chain rule one step at a time, in the order of the forward
# pass) and read off the rate at which C changes. The expanded side does it one unit at
# a time with plain floats; the vector side does it for every unit of the layer at once,
# starting from the identity matrix, whose column j is the rate 1 at unit j alone.

def _rates_forward(w3, b3, a2, da2, t):
    """The rate of change of C when the hidden activations a2 change at the rates da2."""
    dC = 0.0
    for k in range(2):
        z3, dz3 = b3[k], 0.0
        for j in range(3):
            z3 += w3[k][j] * a2[j]
            dz3 += w3[k][j] * da2[j]
        a3 = expanded.sigma(z3)
        da3 = a3 * (1 - a3) * dz3  # sigma'(z3_k) times the rate of z3_k
        dC += (a3 - t[k]) * da3    # dC/da3_k = a3_k - t_k, the cost's slope
    return dC


def delta_expanded(params, x, t):
    """delta^l_j = dC/dz^l_j: the rate of C when z^l_j alone changes at rate 1"""
    w2, b2, w3, b3 = vector.to_expanded(params)
    z2, a2, z3, a3 = expanded.forward((w2, b2, w3, b3), x)
    delta2 = []
    for j in range(3):
        da2 = [0.0, 0.0, 0.0]
        da2[j] = a2[j] * (1 - a2[j])  # da2_j/dz2_j times the rate 1; the other a2 do not move
        delta2.append(_rates_forward(w3, b3, a2, da2, t))
    delta3 = []
    for k in range(2):
        dC = 0.0
        for m in range(2):  # every output's rate, though only z3_k moves
            dz3 = 1.0 if m == k else 0.0
            da3 = a3[m] * (1 - a3[m]) * dz3
            dC += (a3[m] - t[m]) * da3
        delta3.append(dC)
    return delta2, delta3


def delta_vector(params, x, t):
    """delta^l = grad_{z^l} C: the rates of C for the unit rates of all of z^l at once"""
    x, t = np.asarray(x, dtype=float), np.asarray(t, dtype=float)
    W2, b2, W3, b3 = (params[name] for name in vector.SHAPES)
    a2 = vector.sigma(W2 @ x + b2)
    a3 = vector.sigma(W3 @ a2 + b3)
    # from z2: column j of the identity is the rate 1 at z2_j alone
    dA2 = (a2 * (1 - a2))[:, None] * np.eye(3)   # rates of a2, one column per unit
    dA3 = (a3 * (1 - a3))[:, None] * (W3 @ dA2)  # rates of a3
    delta2 = (a3 - t) @ dA3                       # rates of C: the row of dC/dz2_j
    # from z3 directly
    dA3 = (a3 * (1 - a3))[:, None] * np.eye(2)
    delta3 = (a3 - t) @ dA3
    return list(delta2), list(delta3)


CHECKS = {
    "delta": (delta_expanded, delta_vector, parameters.random_image),
}


def figure_paths():
    """How z2_j reaches C: through a2_j, then through both outputs z3_k, a3_k."""
    fig = Figure(figsize=(6.6, 2.9), layout="constrained")
    ax = fig.subplots()
    nodes = {
        "z2": (0.0, 0.5, "$z^2_j$"), "a2": (1.3, 0.5, "$a^2_j$"),
        "z31": (2.8, 0.95, "$z^3_1$"), "a31": (4.1, 0.95, "$a^3_1$"),
        "z32": (2.8, 0.05, "$z^3_2$"), "a32": (4.1, 0.05, "$a^3_2$"),
        "C": (5.4, 0.5, "$C$"),
    }
    edges = [
        ("z2", "a2", "$\\sigma'(z^2_j)$", "#8a8f98"),
        ("a2", "z31", "$w^3_{1j}$", "#4a7fd6"), ("z31", "a31", "$\\sigma'(z^3_1)$", "#4a7fd6"),
        ("a31", "C", "$a^3_1 - t_1$", "#4a7fd6"),
        ("a2", "z32", "$w^3_{2j}$", "#e8743b"), ("z32", "a32", "$\\sigma'(z^3_2)$", "#e8743b"),
        ("a32", "C", "$a^3_2 - t_2$", "#e8743b"),
    ]
    for start, end, label, colour in edges:
        (x0, y0, _), (x1, y1, _) = nodes[start], nodes[end]
        ax.annotate("", xy=(x1, y1), xytext=(x0, y0),
                    arrowprops={"arrowstyle": "-|>", "color": colour, "linewidth": 1.8,
                                "shrinkA": 17, "shrinkB": 17})
        above = 0.1 if y1 >= y0 else -0.1
        ax.text((x0 + x1) / 2, (y0 + y1) / 2 + above, label, ha="center", va="center",
                fontsize=10, color=colour)
    for x, y, label in nodes.values():
        ax.plot(x, y, marker="o", markersize=30, markerfacecolor="none",
                markeredgecolor="#8a8f98", markeredgewidth=1.2)
        ax.text(x, y, label, ha="center", va="center", fontsize=12)
    ax.set_xlim(-0.4, 5.8)
    ax.set_ylim(-0.25, 1.25)
    ax.set_axis_off()
    return fig


def table(delta2, delta3, numerical2, numerical3):
    """The unit errors of the example as a Markdown table: formula against finite differences."""
    rows = ["| unit | $\\delta$ from the formulas | $\\delta$ from finite differences |",
            "|---|---:|---:|"]
    for j, (d, n) in enumerate(zip(delta2, numerical2)):
        rows.append(f"| hidden, $\\delta^2_{j + 1}$ | {d:.6f} | {n:.6f} |")
    for k, (d, n) in enumerate(zip(delta3, numerical3)):
        rows.append(f"| output, $\\delta^3_{k + 1}$ | {d:.6f} | {n:.6f} |")
    return "\n".join(rows)


def numbers():
    """Image 1 with the starting parameters, and with the trained ones for an exercise."""
    params = vector.init_parameters(parameters.SEED)
    x, t, label = dataset.example()
    z2, a2, z3, a3 = expanded.forward(vector.to_expanded(params), x)
    delta2, delta3 = vector.formula_deltas(params, x, t)
    numerical2, numerical3 = vector.numerical_deltas(params, x, t)
    out = {
        "image": dataset.EXAMPLE + 1, "label": label, "t1": t[0], "t2": t[1], "h": vector.H,
        "h_exponent": round(math.log10(vector.H)),
        "cost": expanded.cost(a3, t),
        "table": table(delta2, delta3, numerical2, numerical3),
        "largest_gap": float(np.max(np.abs(np.concatenate([delta2 - numerical2,
                                                            delta3 - numerical3])))),
    }
    out["gap_exponent"] = math.ceil(math.log10(out["largest_gap"]))
    for name, values in (("z2", z2), ("a2", a2), ("z3", z3), ("a3", a3),
                         ("delta2", delta2), ("delta3", delta3)):
        for j, value in enumerate(values):
            out[f"{name}_{j + 1}"] = float(value)
    # Exercise: nudge z2_2 by 0.1 and predict the change of C from delta2_2.
    out["nudge"] = 0.1
    out["predicted_change"] = out["nudge"] * float(delta2[1])
    nudged = np.array(z2)
    nudged[1] += out["nudge"]
    out["actual_change"] = float(vector.cost_from_z2(params, nudged, t) - expanded.cost(a3, t))
    out["prediction_gap"] = abs(out["actual_change"] - out["predicted_change"]) / abs(out["actual_change"])
    out["largest_hidden"] = int(np.argmax(np.abs(delta2))) + 1
    # Exercise: the same image after the book's training run.
    trained = parameters.run()[0]
    trained2, trained3 = vector.formula_deltas(trained, x, t)
    out["trained_delta3_1"], out["trained_delta3_2"] = (float(d) for d in trained3)
    out["trained_delta2_max"] = float(np.max(np.abs(trained2)))
    out["trained_ratio"] = float(np.min(np.abs(delta3) / np.abs(trained3)))
    return out


if __name__ == "__main__":
    params = vector.init_parameters(parameters.SEED)
    x, t, label = dataset.example()
    delta2, delta3 = vector.formula_deltas(params, x, t)
    numerical2, numerical3 = vector.numerical_deltas(params, x, t)
    print(f'image {dataset.EXAMPLE + 1}, a "{label}", t = {t}')
    print("delta2 =", np.round(delta2, 6), " by finite differences:", np.round(numerical2, 6))
    print("delta3 =", np.round(delta3, 6), " by finite differences:", np.round(numerical3, 6))
