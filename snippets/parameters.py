"""The 47 parameters of the 12-3-2 network by name: the book's symbol and the code's.

Training chooses these numbers and nothing else. This file names each one twice (the
book's symbol w^2_ji and the code's W2[j-1, i-1]), in the order of the vector theta of
learning.py, and goes from the dict of arrays to theta and back, the form the numerical
gradient needs. It also holds the book's training run (the seed, eta and epochs every
chapter uses, and run(), which gives the trained parameters) and the random parameters
that the formula pairs are checked on.

    python snippets/parameters.py

prints the first parameters of the book's trained run with their names.
"""

import numpy as np

import dataset
import vector

# The book's training run: every chapter that trains, or starts from the untrained network,
# uses these (train.py's command line takes them as its defaults).
DATA = dataset.DEFAULT  # digits.txt beside the snippets, so any working folder works
ETA = 0.3      # learning rate eta: 0.5 already makes C_T jump up once early on
EPOCHS = 1000  # gradient-descent steps, each on all images
SEED = 0       # seed of the random initial parameters


def theta_vector(params):
    """theta = (W2 row by row, b2, W3 row by row, b3), as learning.py lays it out"""
    return np.concatenate([np.ravel(params[name]) for name in vector.SHAPES])


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


def count_layers(sizes):
    """N = sum over l = 2, ..., L of n_l (n_(l-1) + 1), for layer sizes [n_1, n_2, ..., n_L]"""
    n = np.array(sizes)
    return int(np.sum(n[1:] * (n[:-1] + 1)))


# --- the book's training run ------------------------------------------------------

# --8<-- [start:run]
def run(data=DATA, eta=ETA, epochs=EPOCHS, seed=SEED):
    """Load the images, draw the parameters from `seed`, train.

    Returns (params, history, X, T); history[e] is C_T after e epochs.
    """
    X, T = dataset.to_arrays(dataset.load_dataset(data))
    params, history = vector.train(vector.init_parameters(seed), X, T, eta, epochs)
    return params, history, X, T
# --8<-- [end:run]


def book_run():
    """The parameters before and after the book's training run (the defaults of run)."""
    trained = run()[0]
    return vector.init_parameters(SEED), trained


def parameter_table():
    """All 47 parameters as a Markdown table: m, symbol, code name, start and trained value."""
    start, trained = (theta_vector(p) for p in book_run())
    rows = ["| $m$ | symbol | in the code | at the start | after training |",
            "|---:|:---:|:---|---:|---:|"]
    for m, ((symbol, code), before, after) in enumerate(zip(names(), start, trained), start=1):
        rows.append(f"| {m} | ${symbol}$ | `{code}` | {before:.3f} | {after:.3f} |")
    return "\n".join(rows)


# --- random inputs for the formula pairs -------------------------------------------

# Several chapters check their formula pairs on these: parameters drawn with deviation 1,
# as the book starts, and random black-and-white images.

def random_parameters(rng):
    """All 47 parameters drawn from a normal distribution with mean 0 and deviation 1"""
    return {name: rng.standard_normal(shape) for name, shape in vector.SHAPES.items()}


def random_image(rng):
    """Random parameters, a random image x (12 floats) and its target t."""
    params = random_parameters(rng)
    x = [float(p) for p in rng.integers(0, 2, size=12)]
    t = list(dataset.target(int(rng.integers(0, 2))))
    return {"params": params, "x": x, "t": t}


def random_network(rng):
    """Random parameters, a small random training set and a learning rate."""
    params = random_parameters(rng)
    images = [(tuple(int(v) for v in rng.integers(0, 2, size=12)), int(rng.integers(0, 2)))
              for _ in range(8)]
    return {"params": params, "images": images, "eta": rng.uniform(0.1, 1)}


def numbers():
    """The table of the chapter's parameters page, and the numbers its prose quotes."""
    start, trained = book_run()
    theta = theta_vector(trained)
    where = {code: k for k, (symbol, code) in enumerate(names(), start=1)}
    return {
        "table": parameter_table(),
        "largest": float(np.max(np.abs(theta))),
        "largest_symbol": names()[int(np.argmax(np.abs(theta)))][0],
        "k_w2_37": where["W2[2, 6]"], "w2_37": float(trained["W2"][2, 6]),
        "k_w3_21": where["W3[1, 0]"],
        "moved_less_than_one": int(np.sum(np.abs(theta - theta_vector(start)) < 1)),
        "w3_21": float(trained["W3"][1, 0]),
    }


if __name__ == "__main__":
    start, trained = book_run()
    print(f"{len(names())} parameters; the first five after the book's training run:")
    for (symbol, code), value in list(zip(names(), theta_vector(trained)))[:5]:
        print(f"  {code:10s} {symbol:12s} {value:+.4f}")
    print("  ...")
