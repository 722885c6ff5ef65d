"""The 47 parameters of the 12-3-2 network by name: the book's symbol and the code's.

Training chooses these numbers and nothing else. This file names each one twice (the
book's symbol w^2_ji and the code's W2[j-1, i-1]), in the order of the vector theta of
learning.py, and goes from the dict of arrays to theta and back, the form the numerical
gradient needs.

    python snippets/parameters.py

prints the first parameters of the book's trained run with their names.
"""

import numpy as np

import learning
import train
import vector


def theta_vector(params):
    """theta = (W2 row by row, b2, W3 row by row, b3), as learning.py lays it out"""
    return learning.theta_vector(**params)


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
