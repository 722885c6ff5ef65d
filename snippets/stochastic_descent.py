"""Stochastic and mini-batch gradient descent: a step after every image, or after every few.

Full-batch descent (train.py) steps once per epoch, on C_T. Here the same loop steps on the
cost of a mini-batch B of images, taken in a shuffled order: |B| = 1 is stochastic gradient
descent, |B| = 64 is full batch again. The formula checks of the page, the three methods side
by side with a learning rate each, and the numbers the page quotes.

    python snippets/stochastic_descent.py

trains the network by each method for a few epochs and prints C_T after each.
"""

import functools
import math

import numpy as np

import dataset
import expanded
import parameters
import vector
from parameters import DATA, ETA, SEED

EPOCHS = 200     # each method's run on the page
BATCH = 8        # the mini-batch of the page: 8 images, 8 steps an epoch
SHOWN = 3        # epochs in the "per image seen" panel of the figure
GRID = tuple(ETA * 2 ** k for k in range(8))  # the learning rates tried: 0.3, 0.6, ..., 38.4
FULL_ETAS = (0.5, 1.0, 2.5, 3.0)             # larger rates for the full batch
SEEDS = range(6)                             # shuffle seeds, to see how much the order matters


# --8<-- [start:rate]
def rate(batch_size, images=64, eta=ETA):
    """The learning rate for batches of batch_size: eta for the full batch, scaled by 64 / |B|
    so that a step moves, on average over an epoch's batches, by the full-batch step"""
    return eta * images / batch_size
# --8<-- [end:rate]


METHODS = {  # name: batch size
    "full batch": 64,
    "mini-batch": BATCH,
    "stochastic": 1,
}


def book_data():
    """X and T of the 64 training images, and the book's starting parameters"""
    X, T = dataset.to_arrays(dataset.load_dataset(DATA))
    return X, T, vector.init_parameters(SEED)


@functools.cache  # the figure and the numbers ask for the same runs
def run(batch_size, epochs=EPOCHS, eta=None, seed=SEED):
    """Train from the book's start with batches of batch_size; returns (params, history)"""
    X, T, start = book_data()
    eta = rate(batch_size, len(X)) if eta is None else eta
    return vector.train_minibatch(start, X, T, eta, epochs, batch_size, seed)


@functools.cache
def run_in_file_order(eta, epochs=EPOCHS):
    """Stochastic descent with the images in the file's order, every "0" before every "1";
    returns (params after the first 32 steps, history)"""
    X, T, params = book_data()
    history, half = [vector.total_cost(params, X, T)], None
    for epoch in range(epochs):
        for n in range(len(X)):
            params = vector.image_step(params, X[n], T[n], eta)
            if half is None and n == len(X) // 2 - 1:
                half = params
        history.append(vector.total_cost(params, X, T))
    return half, history


def best_eta(batch_size):
    """The rate of GRID with the lowest C_T after EPOCHS epochs, and that C_T"""
    return min(((eta, run(batch_size, eta=eta)[1][-1]) for eta in GRID), key=lambda pair: pair[1])


@functools.cache
def steps(batch_size, eta, epochs=SHOWN, seed=SEED):
    """Every step of the first epochs: images seen, C_T, the step's length |change of theta|,
    and the cost of the step's own images before and after it. Starts with (0, C_T at start)."""
    X, T, params = book_data()
    rng = dataset.shuffler(seed)
    seen, rows = 0, [{"seen": 0, "C_T": vector.total_cost(params, X, T)}]
    for epoch in range(epochs):
        for batch in dataset.batches(len(X), batch_size, rng):
            own_before = vector.total_cost(params, X[batch], T[batch])
            after = vector.batch_step(params, X[batch], T[batch], eta)
            length = np.linalg.norm(parameters.theta_vector(after) - parameters.theta_vector(params))
            params, seen = after, seen + len(batch)
            rows.append({"seen": seen, "C_T": vector.total_cost(params, X, T), "length": length,
                         "own_before": own_before,
                         "own_after": vector.total_cost(params, X[batch], T[batch])})
    return rows


def cost_per_step(batch_size, eta=None, epochs=SHOWN, seed=SEED):
    """(images seen, C_T) after every step of the first epochs, from (0, C_T at the start)"""
    eta = rate(batch_size) if eta is None else eta
    return [(row["seen"], row["C_T"]) for row in steps(batch_size, eta, epochs, seed)]


def first_step_lengths(batch_size, eta, seed=SEED):
    """The length of the step of each batch of the first epoch, every one taken from the start"""
    X, T, start = book_data()
    theta = parameters.theta_vector(start)
    return [float(np.linalg.norm(parameters.theta_vector(
                vector.batch_step(start, X[batch], T[batch], eta)) - theta))
            for batch in dataset.batches(len(X), batch_size, dataset.shuffler(seed))]


def updates_per_epoch(batch_size, images=64):
    """One step per batch: 64 / |B| batches, the last one smaller if |B| does not divide 64"""
    return math.ceil(images / batch_size)


# --- the formula pairs ---------------------------------------------------------------

def flat(arrays):
    """All the numbers of some lists or arrays, as one vector, to compare two results."""
    return np.concatenate([np.ravel(np.asarray(a, dtype=float)) for a in arrays])


def image_step_expanded(params, x, t, eta):
    """w <- w - eta delta a and b <- b - eta delta for one image, one parameter at a time"""
    return expanded.flatten(expanded.image_step(vector.to_expanded(params), x, t, eta))


def image_step_vector(params, x, t, eta):
    """W^l <- W^l - eta delta^l (a^(l-1))^T,  b^l <- b^l - eta delta^l, for one image"""
    stepped = vector.image_step(params, np.asarray(x, dtype=float), np.asarray(t, dtype=float), eta)
    return flat(stepped[name] for name in vector.SHAPES)


def batch_pass_expanded(params, images, batch):
    """z, a and delta of every unit for each image n of the batch, one term at a time"""
    w2, b2, w3, b3 = vector.to_expanded(params)
    out = []
    for n in batch:
        x, label = images[n]
        t = dataset.target(label)
        a2 = []
        for j in range(3):
            z = b2[j]
            for i in range(12):
                z += w2[j][i] * x[i]
            a2.append(expanded.sigma(z))
        a3 = []
        for k in range(2):
            z = b3[k]
            for j in range(3):
                z += w3[k][j] * a2[j]
            a3.append(expanded.sigma(z))
        delta3 = [(a3[k] - t[k]) * a3[k] * (1 - a3[k]) for k in range(2)]
        delta2 = [(delta3[0] * w3[0][j] + delta3[1] * w3[1][j]) * a2[j] * (1 - a2[j])
                  for j in range(3)]
        out += a2 + a3 + delta2 + delta3
    return out


# --8<-- [start:batch_pass]
def batch_pass_vector(params, images, batch):
    """A^l_B = sigma(A^(l-1)_B (W^l)^T + 1 (b^l)^T),  Delta3_B = (A3_B - T_B) * A3_B * (1 - A3_B),
    Delta2_B = (Delta3_B W3) * A2_B * (1 - A2_B): the rows of the images in the batch"""
    X, T = dataset.to_arrays(images)
    X_B, T_B = X[batch], T[batch]
    ones = np.ones((len(batch), 1))
    A2_B = vector.sigma(X_B @ params["W2"].T + ones @ params["b2"][None, :])
    A3_B = vector.sigma(A2_B @ params["W3"].T + ones @ params["b3"][None, :])
    Delta3_B = (A3_B - T_B) * A3_B * (1 - A3_B)
    Delta2_B = (Delta3_B @ params["W3"]) * A2_B * (1 - A2_B)
    return np.hstack([A2_B, A3_B, Delta2_B, Delta3_B]).ravel()
# --8<-- [end:batch_pass]


def batch_step_expanded(params, images, batch, eta):
    """w <- w - eta (the sum over the batch of delta a), one parameter and one image at a time"""
    w2, b2, w3, b3 = vector.to_expanded(params)
    sums = {"w2": [[0.0] * 12 for j in range(3)], "b2": [0.0] * 3,
            "w3": [[0.0] * 3 for k in range(2)], "b3": [0.0] * 2}
    for n in batch:
        x, label = images[n]
        z2, a2, z3, a3 = expanded.forward((w2, b2, w3, b3), x)
        delta2, delta3 = expanded.deltas((w2, b2, w3, b3), a2, a3, dataset.target(label))
        for j in range(3):
            for i in range(12):
                sums["w2"][j][i] += delta2[j] * x[i]
            sums["b2"][j] += delta2[j]
        for k in range(2):
            for j in range(3):
                sums["w3"][k][j] += delta3[k] * a2[j]
            sums["b3"][k] += delta3[k]
    w2 = [[w2[j][i] - eta * sums["w2"][j][i] for i in range(12)] for j in range(3)]
    b2 = [b2[j] - eta * sums["b2"][j] for j in range(3)]
    w3 = [[w3[k][j] - eta * sums["w3"][k][j] for j in range(3)] for k in range(2)]
    b3 = [b3[k] - eta * sums["b3"][k] for k in range(2)]
    return expanded.flatten((w2, b2, w3, b3))


def batch_step_vector(params, images, batch, eta):
    """W^l <- W^l - eta (Delta^l_B)^T A^(l-1)_B,  b^l <- b^l - eta (Delta^l_B)^T 1"""
    X, T = dataset.to_arrays(images)
    X_B, T_B = X[batch], T[batch]
    Z2, A2_B, Z3, A3_B = vector.forward(params, X_B)
    Delta2_B, Delta3_B = vector.deltas(params, A2_B, A3_B, T_B)
    ones = np.ones(len(batch))
    stepped = {"W2": params["W2"] - eta * Delta2_B.T @ X_B, "b2": params["b2"] - eta * Delta2_B.T @ ones,
               "W3": params["W3"] - eta * Delta3_B.T @ A2_B, "b3": params["b3"] - eta * Delta3_B.T @ ones}
    return flat(stepped[name] for name in vector.SHAPES)


def random_image_and_rate(rng):
    """Random parameters, a random image and target, and a learning rate."""
    return {**parameters.random_image(rng), "eta": rng.uniform(0.1, 20)}


def random_batch(rng):
    """Random parameters, 8 random images, a mini-batch of 1 to 8 of them in a random order."""
    network = parameters.random_network(rng)
    size = int(rng.integers(1, len(network["images"]) + 1))
    batch = [int(n) for n in rng.permutation(len(network["images"]))[:size]]
    return {"params": network["params"], "images": network["images"], "batch": batch}


def random_batch_and_rate(rng):
    return {**random_batch(rng), "eta": rng.uniform(0.1, 20)}


CHECKS = {
    "image_step": (image_step_expanded, image_step_vector, random_image_and_rate),
    "batch_pass": (batch_pass_expanded, batch_pass_vector, random_batch),
    "batch_step": (batch_step_expanded, batch_step_vector, random_batch_and_rate),
}


# --- one epoch of SGD against one full-batch step (an exercise) ------------------------

SGD_ETAS = (0.03, 0.003)  # two learning rates, ten times apart


def sgd_epoch_in_order(params, X, T, eta):
    """One epoch of stochastic gradient descent: a step after each image, in the file's order"""
    for n in range(len(X)):
        params = vector.image_step(params, X[n], T[n], eta)
    return params


def sgd_gap(eta):
    """|theta after one SGD epoch - theta after one full-batch step|, from the book's start"""
    X, T, start = book_data()
    full = vector.step(start, vector.gradients(start, X, T), eta)
    return float(np.linalg.norm(parameters.theta_vector(sgd_epoch_in_order(start, X, T, eta))
                                - parameters.theta_vector(full)))


# --- the worked step of the exercises: image 1, the book's start ------------------------

def image_one_step():
    """The numbers of one stochastic step on image 1, the bare "0", from the book's start,
    rounded as the page shows them; the results are computed from the rounded numbers so
    that the arithmetic on the page holds for the digits shown."""
    X, T, start = book_data()
    x, t = X[0], T[0]
    eta = rate(1, len(X))
    z2, a2, z3, a3 = (row[0] for row in vector.forward(start, X[:1]))
    w3_11, b3_1 = round(float(start["W3"][0, 0]), 4), round(float(start["b3"][0]), 4)
    a3_1, a = round(float(a3[0]), 4), round(float(a2[0]), 4)
    d = round((a3_1 - float(t[0])) * a3_1 * (1 - a3_1), 5)  # delta3_1 from the a3_1 shown
    after = vector.image_step(start, x, t, eta)
    cost = lambda p: vector.cost(vector.forward(p, X[:1])[3], T[:1])
    # how much each output's cost rises on each image: 1/2 (t - a3)^2 after minus before
    per_output = lambda p: 0.5 * (T - vector.forward(p, X)[3]) ** 2
    rise, ones = per_output(after) - per_output(start), T[:, 1] == 1
    return {
        "eta": eta, "a3_1": a3_1, "t_1": float(t[0]), "delta3_1_exact": float(
            vector.formula_deltas(start, x, t)[1][0]),
        "w3_11": w3_11, "b3_1": b3_1, "delta3_1": d, "a2_1": a,
        "w3_11_after": round(w3_11 - eta * d * a, 4), "b3_1_after": round(b3_1 - eta * d, 4),
        "w3_11_exact": float(after["W3"][0, 0]), "b3_1_exact": float(after["b3"][0]),
        "C_1_before": float(cost(start)), "C_1_after": float(cost(after)),
        "C_T_before": float(vector.total_cost(start, X, T)),
        "C_T_after": float(vector.total_cost(after, X, T)),
        "ones_rise": float(np.sum(rise[ones])), "ones_rise_output_1": float(np.sum(rise[ones, 0])),
    }


# --- the figure and the numbers -------------------------------------------------------

COLOURS = {"full batch": "#4a7fd6", "mini-batch": "#23a386", "stochastic": "#d9603b"}
STYLES = {"full batch": "-", "mini-batch": "--", "stochastic": ":"}


def figure_cost_curves():
    """C_T of the three methods, each at its best rate of GRID: per epoch over the whole run
    (top left) and after every step of the first epochs, against the images seen (top right).
    Below, C_T after EPOCHS epochs for every rate of GRID."""
    from matplotlib.figure import Figure

    fig = Figure(figsize=(7.2, 6.0), layout="constrained")
    panels = fig.subplot_mosaic([["epoch", "seen"], ["grid", "grid"]])
    for name, size in METHODS.items():
        eta = best_eta(size)[0]
        history = run(size, eta=eta)[1]
        label = f"{name}, $|B| = {size}$, $\\eta = {eta:g}$"
        panels["epoch"].semilogy(range(len(history)), history, STYLES[name], color=COLOURS[name],
                                 label=label)
        seen, cost = zip(*cost_per_step(size, eta))
        panels["seen"].semilogy(seen, cost, STYLES[name], color=COLOURS[name], drawstyle="steps-post")
        finals = [run(size, eta=e)[1][-1] for e in GRID]
        panels["grid"].loglog(GRID, finals, STYLES[name], marker="o", color=COLOURS[name],
                              label=f"{name}, $|B| = {size}$")
    panels["epoch"].set_xlabel("epoch")
    panels["epoch"].set_ylabel("$C_T$")
    panels["epoch"].legend(loc="upper right", fontsize="small")
    panels["seen"].set_xlabel("images seen")
    panels["seen"].set_xticks(range(0, 64 * SHOWN + 1, 64))
    panels["grid"].set_xlabel("learning rate $\\eta$")
    panels["grid"].set_ylabel(f"$C_T$ after {EPOCHS} epochs")
    panels["grid"].set_xticks(GRID, [f"{eta:g}" for eta in GRID])
    panels["grid"].minorticks_off()
    panels["grid"].legend(loc="lower left", fontsize="small")
    return fig


def uphill_epochs(history):
    """The epochs e (counted from 1) after which C_T is higher than after epoch e - 1"""
    return [e for e in range(1, len(history)) if history[e] > history[e - 1]]


def numbers():
    """The numbers docs/backprop/stochastic-descent.md quotes, by name."""
    X, T, start = book_data()
    found = {"images": len(X), "epochs": EPOCHS, "batch": BATCH, "shown": SHOWN,
             "eta": ETA, "seed": SEED, "grid_low": GRID[0], "grid_high": GRID[-1],
             "grid_count": len(GRID), "seed_count": len(SEEDS), "seed_first": SEEDS[0],
             "seed_last": SEEDS[-1], "half_steps": len(X) // 2}
    for name, size in METHODS.items():
        key = name.split()[0].replace("-", "")  # full, mini, stochastic
        params, history = run(size)
        found[f"{key}_size"] = size
        found[f"{key}_eta"] = rate(size, len(X))
        found[f"{key}_updates"] = updates_per_epoch(size, len(X))
        found[f"{key}_steps_total"] = updates_per_epoch(size, len(X)) * EPOCHS
        found[f"{key}_final"] = float(history[-1])
        found[f"{key}_correct"] = vector.correct(params, X, T)
        found[f"{key}_uphill"] = len(uphill_epochs(history))
        # at the best rate of the grid
        eta, final = best_eta(size)
        params, history = run(size, eta=eta)
        found[f"{key}_best_eta"] = eta
        found[f"{key}_best_first"] = float(history[1])
        found[f"{key}_best_final"] = float(final)
        found[f"{key}_best_correct"] = vector.correct(params, X, T)
        found[f"{key}_best_uphill"] = len(uphill_epochs(history))
        found[f"{key}_best_takeoff"] = next(e for e, C in enumerate(history) if C < 1)
        # the same rate, other shuffles
        finals = [float(run(size, eta=eta, seed=seed)[1][-1]) for seed in SEEDS]
        learnt = [C for C in finals if C < 1]  # the others stick near C_T = 16
        found[f"{key}_seeds_stuck"] = len(finals) - len(learnt)
        found[f"{key}_seeds_low"], found[f"{key}_seeds_high"] = min(learnt), max(learnt)
    found["ratio_low"] = found["full_best_final"] / found["stochastic_seeds_high"]
    found["ratio_high"] = found["full_best_final"] / found["stochastic_seeds_low"]
    found["ratio_seed"] = found["full_best_final"] / found["stochastic_best_final"]
    # the full batch at larger rates than the book's
    for eta in FULL_ETAS:
        history = run(64, eta=eta)[1]
        key = f"full_at_{eta:g}".replace(".", "_")
        found[key] = float(history[-1])
        found[f"{key}_uphill"] = len(uphill_epochs(history))
    found.update({f"full_eta_{i}": eta for i, eta in enumerate(FULL_ETAS)})
    history = run(64, eta=FULL_ETAS[0])[1]
    jump = max(uphill_epochs(history), key=lambda e: history[e] - history[e - 1])
    found.update(full_jump_epoch=jump, full_jump_from=float(history[jump - 1]),
                 full_jump_to=float(history[jump]))
    history = run(64, eta=FULL_ETAS[-1])[1]
    found["full_plateau_level"] = level = float(np.median(history))
    found["full_plateau_epochs"] = sum(abs(C - level) < 1 for C in history)
    stuck = next(eta for eta in GRID if run(64, eta=eta)[1][-1] > 1)
    found.update(full_stuck_eta=stuck, full_stuck_final=float(run(64, eta=stuck)[1][-1]),
                 full_stuck_correct=vector.correct(run(64, eta=stuck)[0], X, T))
    # With the full batch's learning rate, an epoch of SGD does about what a full step does.
    found["stochastic_slow_final"] = float(run(1, eta=ETA)[1][-1])
    # SGD's single steps, at its rate
    eta = found["stochastic_eta"]
    rows = steps(1, eta)
    found["stochastic_steps_shown"] = len(rows) - 1
    found["stochastic_uphill_steps"] = sum(b["C_T"] > a["C_T"] for a, b in zip(rows, rows[1:]))
    rise = max(range(1, len(rows)), key=lambda s: rows[s]["C_T"] - rows[s - 1]["C_T"])
    found.update(rise_step=rise, rise_from=float(rows[rise - 1]["C_T"]), rise_to=float(rows[rise]["C_T"]))
    found["above_start_steps"] = sum(row["C_T"] > rows[0]["C_T"] for row in rows[1:len(X) + 1])
    found["start_cost"] = float(rows[0]["C_T"])
    found["own_rises"] = sum(row["own_after"] > row["own_before"] for row in rows[1:])
    found["longest_step"] = float(max(row["length"] for row in rows[1:]))
    # step lengths from the start
    full_step = first_step_lengths(64, ETA)[0]
    sgd_steps = first_step_lengths(1, eta)
    mini_steps = first_step_lengths(BATCH, found["minibatch_eta"])
    found.update(full_step=full_step, sgd_step_mean=float(np.mean(sgd_steps)),
                 sgd_step_max=max(sgd_steps), mini_step_mean=float(np.mean(mini_steps)),
                 mini_step_max=max(mini_steps))
    # the file's order against a shuffled one
    half, in_order = run_in_file_order(eta)
    shuffled = run(1)[1]
    found.update(order_first=float(in_order[1]), order_final=float(in_order[-1]),
                 shuffled_first=float(shuffled[1]), shuffled_final=float(shuffled[-1]),
                 half_zeros=int(np.sum(vector.predict(half, X) == 0)),
                 half_cost=float(vector.total_cost(half, X, T)))
    found["odd_batch"], found["odd_updates"] = 10, updates_per_epoch(10, len(X))
    found["odd_last"] = len(X) - 10 * (updates_per_epoch(10, len(X)) - 1)
    gaps = [sgd_gap(eta) for eta in SGD_ETAS]
    found.update(sgd_eta_big=SGD_ETAS[0], sgd_eta_small=SGD_ETAS[1],
                 sgd_gap_big=gaps[0], sgd_gap_small=gaps[1], sgd_gap_ratio=gaps[0] / gaps[1],
                 sgd_gap_book=sgd_gap(ETA))
    found.update({f"one_{k}": v for k, v in image_one_step().items()})
    return found


if __name__ == "__main__":
    for name, size in METHODS.items():
        params, history = run(size, epochs=10)
        print(f"{name:10s} |B| = {size:2d}, eta = {rate(size):5.2f}: "
              + "  ".join(f"{C:.4f}" for C in history[1::3]))
