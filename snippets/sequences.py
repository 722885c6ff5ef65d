"""Sequences and recurrences: arithmetic, geometric, a_{n+1} from a_n, forward and backward.

    python snippets/sequences.py

prints the first terms of the section's sequences, runs one recurrence forward and back
again, and steps the Fibonacci pair both as two equations and as a matrix times a vector.
The network's forward pass, a recurrence over its layers, is here too, for its pair.
"""

import numpy as np
from matplotlib.figure import Figure

import expanded
import parameters
import vector

BLUE, ORANGE, GREEN, GREY = "#4a7fd6", "#e8743b", "#23a386", "#8a8f98"

# The recurrence a_{n+1} = R a_n + C, started at A1: it settles at C / (1 - R) = 2.
R, C, A1 = 0.5, 1.0, 0.0
TERMS = 10


# --8<-- [start:closed]
def arithmetic(a1, d, n):
    """a_n = a_1 + (n - 1) d: add d at every step"""
    return a1 + (n - 1) * d


def geometric(a1, r, n):
    """a_n = a_1 r^(n - 1): multiply by r at every step"""
    return a1 * r ** (n - 1)
# --8<-- [end:closed]


# --8<-- [start:recurrence]
def forward(a1, r, c, terms):
    """a_1, a_2, ..., a_terms with a_{n+1} = r a_n + c"""
    a = [a1]
    while len(a) < terms:
        a.append(r * a[-1] + c)
    return a


def backward(last, r, c, terms):
    """The same sequence from its last term: a_n = (a_{n+1} - c) / r"""
    a = [last]
    while len(a) < terms:
        a.insert(0, (a[0] - c) / r)
    return a
# --8<-- [end:recurrence]


# --8<-- [start:pair]
def pair_expanded(M, u1, v1, steps):
    """u_{n+1} = m11 u_n + m12 v_n,  v_{n+1} = m21 u_n + m22 v_n, repeated"""
    u, v = u1, v1
    for n in range(steps):
        u, v = M[0][0] * u + M[0][1] * v, M[1][0] * u + M[1][1] * v
    return u, v


def pair_vector(M, u1, v1, steps):
    """s_{n+1} = M s_n, repeated, from s_1 = (u_1, v_1)"""
    M, s = np.array(M, dtype=float), np.array([u1, v1], dtype=float)
    for n in range(steps):
        s = M @ s
    return s
# --8<-- [end:pair]


def random_pair(rng):
    """A 2x2 matrix, a start and a number of steps; positive, so no terms cancel."""
    return {"M": rng.uniform(0, 1, size=(2, 2)).tolist(), "u1": rng.uniform(0, 1),
            "v1": rng.uniform(0, 1), "steps": int(rng.integers(1, 9))}


# --8<-- [start:layers]
def layers_expanded(params, x):
    """a2_j = sigma(w2_j1 a1_1 + ... + w2_j12 a1_12 + b2_j), j = 1, 2, 3,
    a3_k = sigma(w3_k1 a2_1 + w3_k2 a2_2 + w3_k3 a2_3 + b3_k), k = 1, 2, from a1 = x"""
    w2, b2, w3, b3 = (params[name].tolist() for name in ("W2", "b2", "W3", "b3"))
    a1 = list(x)
    a2 = []
    for j in range(3):
        z = b2[j]
        for i in range(12):
            z += w2[j][i] * a1[i]
        a2.append(expanded.sigma(z))
    a3 = []
    for k in range(2):
        z = b3[k]
        for j in range(3):
            z += w3[k][j] * a2[j]
        a3.append(expanded.sigma(z))
    return a2, a3


def layers_vector(params, x):
    """a^(l+1) = sigma(W^(l+1) a^l + b^(l+1)) for l = 1, 2, from a^1 = x"""
    a = np.array(x, dtype=float)
    terms = []
    for W, b in ((params["W2"], params["b2"]), (params["W3"], params["b3"])):
        a = vector.sigma(W @ a + b)
        terms.append(a)
    return terms
# --8<-- [end:layers]


def random_network(rng):
    """Random parameters and a random image."""
    return {"params": parameters.random_parameters(rng),
            "x": [float(p) for p in rng.integers(0, 2, size=12)]}


CHECKS = {
    "pair": (pair_expanded, pair_vector, random_pair),
    "layers": (layers_expanded, layers_vector, random_network),
}

FIBONACCI = [[1, 1], [1, 0]]  # u_{n+1} = u_n + v_n, v_{n+1} = u_n


def fibonacci(terms):
    """1, 1, 2, 3, 5, ...: u_n of the pair started at (u_1, v_1) = (1, 0)"""
    return [pair_expanded(FIBONACCI, 1, 0, n)[0] for n in range(terms)]


def figure_terms():
    """The first terms of an arithmetic, two geometric and the settling recurrence."""
    n = np.arange(1, TERMS + 1)
    fig = Figure(figsize=(6.4, 3.4), layout="constrained")
    ax = fig.subplots()
    shown = [
        ([arithmetic(0.5, 0.25, k) for k in n], "arithmetic: $a_n = 0.5 + 0.25(n - 1)$", GREEN, "s"),
        ([geometric(4, 0.7, k) for k in n], "geometric: $a_n = 4 \\cdot 0.7^{\\,n-1}$", ORANGE, "^"),
        ([geometric(-3, -0.6, k) for k in n], "geometric: $a_n = -3 \\cdot (-0.6)^{n-1}$", GREY, "v"),
        (forward(A1, R, C, TERMS), "recurrence: $a_{n+1} = 0.5\\,a_n + 1$", BLUE, "o"),
    ]
    for terms, label, color, marker in shown:
        ax.plot(n, terms, marker=marker, color=color, linewidth=1, label=label)
    ax.axhline(0, color=GREY, linewidth=0.8)
    ax.set_xlabel("$n$")
    ax.set_ylabel("$a_n$")
    ax.set_xticks(n)
    ax.grid(True)
    ax.legend(loc="lower right", fontsize=8)
    return fig


def numbers():
    """Terms and answers the section quotes."""
    a = forward(A1, R, C, TERMS)
    fib = fibonacci(12)
    doubling = forward(1, 2, 1, 10)  # exercise 1: a_{n+1} = 2 a_n + 1, a_1 = 1
    numbers = {
        "r": R, "c": C, "a1": A1, "terms": TERMS, "limit": C / (1 - R),
        "a_last": a[-1], "back_first": backward(a[-1], R, C, TERMS)[0],
        "fib_10": fib[9], "fib_11": fib[10], "fib_12": fib[11],
        "exercise_10th": doubling[-1],
        "exercise_back": backward(0.25, 0.5, 0, 5)[0],  # exercise 2: halving, a_5 = 0.25
    }
    numbers["arithmetic_start"] = ", ".join(f"{arithmetic(0.5, 0.25, n):g}" for n in range(1, 5))
    numbers["geometric_start"] = ", ".join(f"{geometric(4, 0.7, n):g}" for n in range(1, 4))
    numbers["fib_start"] = ", ".join(str(u) for u in fib[:6])
    numbers["fib_to_10"] = ", ".join(str(u) for u in fib[:10])
    numbers["doubling_start"] = ", ".join(str(t) for t in doubling[:5])
    numbers["halving_back"] = ", ".join(f"{t:g}" for t in reversed(backward(0.25, 0.5, 0, 5)))
    for k, term in enumerate(a[:5], start=1):
        numbers[f"a_{k}"] = term
    return numbers


if __name__ == "__main__":
    print("arithmetic a_1 = 0.5, d = 0.25:", [arithmetic(0.5, 0.25, n) for n in range(1, 7)])
    print("geometric a_1 = 4, r = 0.7:    ", [round(geometric(4, 0.7, n), 4) for n in range(1, 7)])
    a = forward(A1, R, C, TERMS)
    print(f"a_(n+1) = {R} a_n + {C} forward: ", [round(t, 4) for t in a])
    print("and backward from the last term:", [round(t, 4) for t in backward(a[-1], R, C, TERMS)])
    print("Fibonacci, two equations:", fibonacci(12))
    print("Fibonacci, s = M s, 11 times:", pair_vector(FIBONACCI, 1, 0, 11))
