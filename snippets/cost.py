"""The cost function: one number that says how far the network is from its targets.

C = 1/2 |t - a3|^2 for one image, and C_T, the sum of C over the 64 training images.

    python snippets/cost.py

prints C_T of the random starting network and of the trained one, and the images
that cost the most.
"""

import numpy as np
from matplotlib.figure import Figure

import dataset
import expanded
import parameters
import vector

EXAMPLE = 32  # Python index of image 33, the bare "1" that layers.py follows too


# --8<-- [start:cost]
def cost_expanded(t, a3):
    """C = 1/2 [(t_1 - a3_1)^2 + (t_2 - a3_2)^2]"""
    return expanded.cost(a3, t)


def cost_vector(t, a3):
    """C = 1/2 |t - a3|^2, the squared length of the vector t - a3"""
    return 0.5 * np.linalg.norm(np.asarray(t) - np.asarray(a3)) ** 2
# --8<-- [end:cost]


# --8<-- [start:total_cost]
def total_cost_expanded(params, images):
    """C_T = C_1 + C_2 + ... + C_64: one image at a time, with expanded.py"""
    return expanded.total_cost(vector.to_expanded(params), images)


def total_cost_vector(params, images):
    """C_T = 1/2 |T - A3|^2, every entry of the 64 x 2 matrix T - A3 at once"""
    X, T = dataset.to_arrays(images)
    A3 = vector.forward(params, X)[3]
    return 0.5 * np.linalg.norm(T - A3) ** 2
# --8<-- [end:total_cost]


# --8<-- [start:cost_slope]
def cost_slope_expanded(t, a3):
    """dC/da3_k = a3_k - t_k, for k = 1, 2: the derivative of 1/2 (t_k - a3_k)^2,
    the square's 2 (t_k - a3_k) times the inner derivative -1, times the half"""
    return [0.5 * 2 * (t[k] - a3[k]) * (-1) for k in range(2)]


def cost_slope_vector(t, a3):
    """the gradient of C with respect to a3: a3 - t"""
    return np.asarray(a3) - np.asarray(t)
# --8<-- [end:cost_slope]


# --8<-- [start:per_image]
def costs(params, X, T):
    """C_n for every image n: one half of the squared length of row n of T - A3"""
    A3 = vector.forward(params, X)[3]
    return 0.5 * np.sum((T - A3) ** 2, axis=1)
# --8<-- [end:per_image]


def random_output(rng):
    """A target and an output a3 strictly between 0 and 1."""
    return {"t": dataset.target(int(rng.integers(0, 2))), "a3": rng.uniform(0, 1, size=2).tolist()}


def random_network(rng):
    """Random parameters and the 64 training images."""
    params = {name: rng.standard_normal(shape) for name, shape in vector.SHAPES.items()}
    return {"params": params, "images": dataset.load_dataset()}


CHECKS = {
    "cost": (cost_expanded, cost_vector, random_output),
    "cost_slope": (cost_slope_expanded, cost_slope_vector, random_output),
    "total_cost": (total_cost_expanded, total_cost_vector, random_network),
}


def before_and_after():
    """C_n of every image for the random starting network and for the trained one."""
    trained, history, X, T = parameters.run()
    return costs(vector.init_parameters(parameters.SEED), X, T), costs(trained, X, T), X, T


def figure_per_image():
    """C_n of each of the 64 images, before and after training, on a log scale."""
    before, after, X, T = before_and_after()
    n = np.arange(1, len(X) + 1)
    fig = Figure(figsize=(6.8, 3.4), layout="constrained")
    ax = fig.subplots()
    ax.semilogy(n, before, "o", markersize=4, color="#8a8f98", label="random start")
    ax.semilogy(n, after, "o", markersize=4, color="#4a7fd6", label="after training")
    ax.axvline(len(X) / 2 + 0.5, color="#8a8f98", linewidth=0.8, linestyle="--")
    ax.set_xlabel('image $n$ (1 to 32: the "0"s, 33 to 64: the "1"s)')
    ax.set_ylabel("$C_n$")
    ax.set_xlim(0, len(X) + 1)
    ax.grid(True, axis="y")
    ax.legend(loc="center right")
    return fig


def power_in_words(exponent):
    """10 ** exponent as words: power_in_words(-5) is "10 to the power minus 5"."""
    sign = "minus " if exponent < 0 else ""
    return f"10 to the power {sign}{abs(exponent)}"


def numbers():
    """C_T before and after training, and the images it is made of."""
    before, after, X, T = before_and_after()
    zeros = T[:, 0] == 1
    worst = int(np.argmax(after))
    a3_worst = vector.forward(parameters.run()[0], X[worst:worst + 1])[3][0]
    start_a3, trained_a3 = (vector.forward(p, X[EXAMPLE:EXAMPLE + 1])[3][0]
                            for p in (vector.init_parameters(parameters.SEED), parameters.run()[0]))
    return {
        "example_n": EXAMPLE + 1,
        "start_says_one": int(sum(vector.predict(vector.init_parameters(parameters.SEED), X) == 1)),
        "start_correct": vector.correct(vector.init_parameters(parameters.SEED), X, T),
        "example_start_a3_1": float(start_a3[0]), "example_start_a3_2": float(start_a3[1]),
        "example_start_C": float(before[EXAMPLE]),
        "example_a3_1": float(trained_a3[0]), "example_a3_2": float(trained_a3[1]),
        "example_C": float(after[EXAMPLE]),
        "start": float(before.sum()), "trained": float(after.sum()),
        "start_zeros": float(before[zeros].sum()), "start_ones": float(before[~zeros].sum()),
        "start_max": float(before.max()), "start_min": float(before.min()),
        "trained_max": float(after.max()), "trained_min": float(after.min()),
        "ratio": float(before.sum() / after.sum()),
        "guess_half": float(vector.cost(np.full_like(T, 0.5), T)),
        "guess_half_one": float(0.5 * (0.5 ** 2 + 0.5 ** 2)),
        "trained_min_exponent": int(np.floor(np.log10(after.min()))),
        "trained_max_exponent": int(np.ceil(np.log10(after.max()))),
        # the same powers of ten in words, for the alt text a screen reader reads aloud
        "trained_min_power": power_in_words(int(np.floor(np.log10(after.min())))),
        "trained_max_power": power_in_words(int(np.ceil(np.log10(after.max())))),
        "max_cost_one": 0.5 * (1 ** 2 + 1 ** 2), "max_cost_total": len(X) * 0.5 * (1 ** 2 + 1 ** 2),
        "xor_floor": 16 * float(0.5 * (0.5 ** 2 + 0.5 ** 2)),
        "worst_n": worst + 1, "worst_label": int(T[worst].argmax()),
        "worst_cost": float(after[worst]),
        "worst_a3_1": float(a3_worst[0]), "worst_a3_2": float(a3_worst[1]),
    }


if __name__ == "__main__":
    before, after, X, T = before_and_after()
    print(f"C_T of the random start: {before.sum():.4f}")
    print(f"C_T after training:      {after.sum():.6f}")
    for n in np.argsort(after)[::-1][:3]:
        print(f"  image {n + 1} (a {int(T[n].argmax())}): C = {after[n]:.6f}")
