"""The 47 parameters of the 12-3-2 network: their names, their count, and theta.

Training chooses these numbers and nothing else. This file names each one twice (the
book's symbol w^2_ji and the code's W2[j-1, i-1]), counts them layer by layer, and lays
them end to end as one vector theta, the form the numerical gradient needs.

    python snippets/parameters.py

prints the parameter count per layer and the first parameters of the book's trained run.
"""

import numpy as np
from matplotlib.figure import Figure

import grids
import train
import vector

SIZES = (12, 3, 2)  # n_1, n_2, n_3: units in layers 1, 2 and 3


# --8<-- [start:count]
def count_expanded(sizes):
    """N = n_2 (n_1 + 1) + n_3 (n_2 + 1) + ...: each weight and bias counted once"""
    N = 0
    for l in range(1, len(sizes)):
        for j in range(sizes[l]):          # unit j of layer l has
            for i in range(sizes[l - 1]):  # one weight per unit of layer l - 1
                N += 1
            N += 1                         # and one bias
    return N


def count_vector(sizes):
    """N = sum over l of n_l (n_{l-1} + 1)"""
    n = np.array(sizes)
    return int(np.sum(n[1:] * (n[:-1] + 1)))
# --8<-- [end:count]


# --8<-- [start:theta]
def theta_expanded(params):
    """theta = (w2_11, ..., w2_3,12, b2_1, ..., b3_2), one parameter at a time"""
    W2, b2, W3, b3 = (params[name] for name in vector.SHAPES)
    theta = []
    for j in range(3):
        for i in range(12):
            theta.append(float(W2[j, i]))
    for j in range(3):
        theta.append(float(b2[j]))
    for k in range(2):
        for j in range(3):
            theta.append(float(W3[k, j]))
    for k in range(2):
        theta.append(float(b3[k]))
    return theta


def theta_vector(params):
    """theta = (W2 row by row, b2, W3 row by row, b3)"""
    return np.concatenate([params[name].ravel() for name in vector.SHAPES])
# --8<-- [end:theta]


# --8<-- [start:unflatten]
def from_theta(theta):
    """The dict of W2, b2, W3, b3 whose numbers, laid end to end, are theta"""
    params, start = {}, 0
    for name, shape in vector.SHAPES.items():
        size = int(np.prod(shape))
        params[name] = np.array(theta[start:start + size], dtype=float).reshape(shape)
        start += size
    return params
# --8<-- [end:unflatten]


def names():
    """(symbol, code name) of theta_1, ..., theta_47, in the order of theta."""
    def index(*numbers):  # w^2_{1,12} needs a comma, w^2_{15} does not
        return ",".join(map(str, numbers)) if max(numbers) > 9 else "".join(map(str, numbers))
    rows = []
    for j in range(1, 4):
        for i in range(1, 13):
            rows.append((f"w^2_{{{index(j, i)}}}", f"W2[{j - 1}, {i - 1}]"))
    rows += [(f"b^2_{j}", f"b2[{j - 1}]") for j in range(1, 4)]
    for k in range(1, 3):
        for j in range(1, 4):
            rows.append((f"w^3_{{{index(k, j)}}}", f"W3[{k - 1}, {j - 1}]"))
    rows += [(f"b^3_{k}", f"b3[{k - 1}]") for k in range(1, 3)]
    return rows


def random_sizes(rng):
    """A random network: 2 to 5 layers of 1 to 20 units."""
    return {"sizes": tuple(int(n) for n in rng.integers(1, 21, size=rng.integers(2, 6)))}


def random_params(rng):
    return {"params": {name: rng.standard_normal(shape) for name, shape in vector.SHAPES.items()}}


CHECKS = {
    "count": (count_expanded, count_vector, random_sizes),
    "theta": (theta_expanded, theta_vector, random_params),
}


def book_run():
    """The parameters before and after the book's training run (train.py's defaults)."""
    trained = train.run()[0]
    return vector.init_parameters(train.SEED), trained


def parameter_table():
    """All 47 parameters as a Markdown table: k, symbol, code name, start and trained value."""
    start, trained = (theta_vector(p) for p in book_run())
    rows = ["| $k$ | symbol | in the code | at the start | after training |",
            "|---:|:---:|:---|---:|---:|"]
    for k, ((symbol, code), before, after) in enumerate(zip(names(), start, trained), start=1):
        rows.append(f"| {k} | ${symbol}$ | `{code}` | {before:.3f} | {after:.3f} |")
    return "\n".join(rows)


def figure_hidden_weights():
    """Row j of the trained W2 drawn on the pixel grid: what hidden unit j weighs."""
    W2 = book_run()[1]["W2"]
    vmax = float(np.max(np.abs(W2)))
    fig = Figure(figsize=(6.0, 2.9), layout="constrained")
    for j, ax in enumerate(fig.subplots(1, 3)):
        grids.draw_weights(ax, W2[j], vmax=vmax, title=f"row {j + 1} of $W^2$: $w^2_{{{j + 1}i}}$")
    return fig


def numbers():
    """The counts and the table of the chapter's parameters page."""
    start, trained = book_run()
    theta = theta_vector(trained)
    where = {code: k for k, (symbol, code) in enumerate(names(), start=1)}
    return {
        "hidden": SIZES[1] * (SIZES[0] + 1), "output": SIZES[2] * (SIZES[1] + 1),
        "total": count_vector(SIZES),
        "table": parameter_table(),
        "largest": float(np.max(np.abs(theta))),
        "largest_symbol": names()[int(np.argmax(np.abs(theta)))][0],
        "count_12_5_2": count_vector((12, 5, 2)),
        "count_12_3_3_2": count_vector((12, 3, 3, 2)),
        "k_w3_21": where["W3[1, 0]"],
        "k_w2_last": where["W2[2, 11]"], "k_b2_1": where["b2[0]"], "k_b2_3": where["b2[2]"],
        "k_w3_11": where["W3[0, 0]"], "k_w3_13": where["W3[0, 2]"],
        "moved_less_than_one": int(np.sum(np.abs(theta - theta_vector(start)) < 1)),
        "w3_21": float(trained["W3"][1, 0]),
    }


if __name__ == "__main__":
    for l in range(1, len(SIZES)):
        print(f"layer {l + 1}: {SIZES[l]} units x ({SIZES[l - 1]} weights + 1 bias) "
              f"= {SIZES[l] * (SIZES[l - 1] + 1)} parameters")
    print(f"in all: {count_vector(SIZES)} parameters")
    start, trained = book_run()
    for (symbol, code), value in list(zip(names(), theta_vector(trained)))[:5]:
        print(f"  {code:10s} {symbol:12s} {value:+.4f}")
    print("  ...")
