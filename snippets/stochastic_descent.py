"""Stochastic and mini-batch gradient descent: a step after every image, or after every few.

Full-batch descent (train.py) steps once per epoch, on C_T. Here the same loop steps on the
cost of a mini-batch B of images, taken in a shuffled order: |B| = 1 is stochastic gradient
descent, |B| = 64 is full batch again. The formula checks of the page, the three methods side
by side with a learning rate each, and the numbers the page quotes.

    python snippets/stochastic_descent.py

trains the network by each method for a few epochs and prints C_T after each.
"""

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
FULL_BIG_ETA = 0.5  # a learning rate too large for the full batch


# --8<-- [start:rate]
def rate(batch_size, images=64, eta=ETA):
    """The learning rate for batches of batch_size: eta for the full batch, scaled so that a
    step on |B| images moves about as far as a full-batch step, eta * 64 / |B|"""
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


def run(batch_size, epochs=EPOCHS, eta=None, seed=SEED):
    """Train from the book's start with batches of batch_size; returns (params, history)"""
    X, T, start = book_data()
    eta = rate(batch_size, len(X)) if eta is None else eta
    return vector.train_minibatch(start, X, T, eta, epochs, batch_size, seed)


def cost_per_step(batch_size, epochs=SHOWN, seed=SEED):
    """(images seen, C_T) after every step of the first epochs, from (0, C_T at the start)"""
    X, T, params = book_data()
    eta, rng = rate(batch_size, len(X)), dataset.shuffler(seed)
    seen, curve = 0, [(0, vector.total_cost(params, X, T))]
    for epoch in range(epochs):
        for batch in dataset.batches(len(X), batch_size, rng):
            params = vector.batch_step(params, X[batch], T[batch], eta)
            seen += len(batch)
            curve.append((seen, vector.total_cost(params, X, T)))
    return curve


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
    return {
        "eta": eta, "a3_1": a3_1, "t_1": float(t[0]), "delta3_1_exact": float(
            vector.formula_deltas(start, x, t)[1][0]),
        "w3_11": w3_11, "b3_1": b3_1, "delta3_1": d, "a2_1": a,
        "w3_11_after": round(w3_11 - eta * d * a, 4), "b3_1_after": round(b3_1 - eta * d, 4),
        "w3_11_exact": float(after["W3"][0, 0]), "b3_1_exact": float(after["b3"][0]),
        "C_1_before": float(cost(start)), "C_1_after": float(cost(after)),
        "C_T_before": float(vector.total_cost(start, X, T)),
        "C_T_after": float(vector.total_cost(after, X, T)),
    }


# --- the figure and the numbers -------------------------------------------------------

COLOURS = {"full batch": "#4a7fd6", "mini-batch": "#23a386", "stochastic": "#d9603b"}
STYLES = {"full batch": "-", "mini-batch": "--", "stochastic": ":"}


def figure_cost_curves():
    """C_T of the three methods: per epoch over the whole run (left), and against the number
    of images seen in the first epochs, after every step (right)."""
    from matplotlib.figure import Figure

    fig = Figure(figsize=(7.2, 3.4), layout="constrained")
    per_epoch, per_image = fig.subplots(1, 2)
    for name, size in METHODS.items():
        history = run(size)[1]
        label = f"{name}, $|B| = {size}$"
        per_epoch.semilogy(range(len(history)), history, STYLES[name], color=COLOURS[name], label=label)
        seen, cost = zip(*cost_per_step(size))
        per_image.semilogy(seen, cost, STYLES[name], color=COLOURS[name], drawstyle="steps-post")
    per_epoch.set_xlabel("epoch")
    per_epoch.set_ylabel("$C_T$")
    per_epoch.legend(loc="upper right", fontsize="small")
    per_image.set_xlabel("images seen")
    per_image.set_xticks(range(0, 64 * SHOWN + 1, 64))
    return fig


def numbers():
    """The numbers docs/backprop/stochastic-descent.md quotes, by name."""
    X, T, start = book_data()
    found = {"images": len(X), "epochs": EPOCHS, "batch": BATCH, "shown": SHOWN,
             "eta": ETA, "seed": SEED}
    for name, size in METHODS.items():
        key = name.split()[0].replace("-", "")  # full, mini, stochastic
        params, history = run(size)
        found[f"{key}_size"] = size
        found[f"{key}_eta"] = rate(size, len(X))
        found[f"{key}_updates"] = updates_per_epoch(size, len(X))
        found[f"{key}_steps_total"] = updates_per_epoch(size, len(X)) * EPOCHS
        found[f"{key}_first"] = float(history[1])
        found[f"{key}_final"] = float(history[-1])
        found[f"{key}_correct"] = vector.correct(params, X, T)
        found[f"{key}_uphill"] = int(np.sum(np.diff(history) > 0))
    # A larger rate for the full batch: C_T goes up in some epochs.
    big = run(64, eta=FULL_BIG_ETA)[1]
    found["full_big_eta"] = FULL_BIG_ETA
    found["full_big_uphill"] = int(np.sum(np.diff(big) > 0))
    found["full_big_jump"] = float(np.max(np.diff(big)))
    # With the full batch's learning rate, an epoch of SGD does about what a full step does.
    found["stochastic_slow_final"] = float(run(1, eta=ETA)[1][-1])
    found["ratio_full_stochastic"] = found["full_final"] / found["stochastic_final"]
    steps = cost_per_step(1)
    found["stochastic_uphill_steps"] = sum(b[1] > a[1] for a, b in zip(steps, steps[1:]))
    found["stochastic_steps_shown"] = len(steps) - 1
    found["odd_batch"], found["odd_updates"] = 10, updates_per_epoch(10, len(X))
    found["odd_last"] = len(X) - 10 * (updates_per_epoch(10, len(X)) - 1)
    gaps = [sgd_gap(eta) for eta in SGD_ETAS]
    found.update(sgd_eta_big=SGD_ETAS[0], sgd_eta_small=SGD_ETAS[1],
                 sgd_gap_big=gaps[0], sgd_gap_small=gaps[1], sgd_gap_ratio=gaps[0] / gaps[1])
    found.update({f"one_{k}": v for k, v in image_one_step().items()})
    return found


if __name__ == "__main__":
    for name, size in METHODS.items():
        params, history = run(size, epochs=10)
        print(f"{name:10s} |B| = {size:2d}, eta = {rate(size):5.2f}: "
              + "  ".join(f"{C:.4f}" for C in history[1::3]))
