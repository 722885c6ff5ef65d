"""Train the 0/1 network from the command line.

    python snippets/train.py                      # the book's run: the defaults below
    python snippets/train.py --eta 0.1 --epochs 3000 --seed 7
    python snippets/train.py --data mine.txt      # your own images, in the format of digits.txt

Full-batch gradient descent on C_T (vector.py): prints C_T as it falls, then the
final C_T and how many images the trained network labels correctly.
"""

import argparse
import math
from pathlib import Path

import numpy as np

import dataset
import expanded
import parameters
import vector
from parameters import DATA, EPOCHS, ETA, SEED  # the book's run: the defaults below


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="train.py",
        description="Train the 12-3-2 network (47 parameters) to tell 0 from 1 "
                    "by full-batch gradient descent on C_T.")
    parser.add_argument("--data", type=Path, default=DATA, metavar="PATH",
                        help="dataset file: per image 4 rows of 3 pixels ('#' ink, '.' paper), "
                             "then 'label 0' or 'label 1' (default: digits.txt beside this script)")
    parser.add_argument("--eta", type=float, default=ETA,
                        help=f"learning rate eta, a number greater than 0 (default: {ETA})")
    parser.add_argument("--epochs", type=int, default=EPOCHS,
                        help=f"number of gradient-descent steps, at least 1 (default: {EPOCHS})")
    parser.add_argument("--seed", type=int, default=SEED,
                        help=f"seed of the random initial parameters, 0 or more (default: {SEED})")
    parser.add_argument("--every", type=int, metavar="N",
                        help="print C_T every N epochs (default: a tenth of the epochs)")
    args = parser.parse_args(argv)
    if not (math.isfinite(args.eta) and args.eta > 0):
        parser.error(f"argument --eta: must be a finite number greater than 0, not {args.eta}")
    if args.epochs < 1:
        parser.error(f"argument --epochs: must be at least 1, not {args.epochs}")
    if args.seed < 0:
        parser.error(f"argument --seed: must be 0 or more, not {args.seed}")
    if args.every is not None and args.every < 1:
        parser.error(f"argument --every: must be at least 1, not {args.every}")
    every = args.every or max(1, args.epochs // 10)

    try:
        params, history, X, T = parameters.run(args.data, args.eta, args.epochs, args.seed)
    except dataset.DatasetError as e:
        parser.exit(2, f"{parser.prog}: error: {e}\n")
    except OSError as e:
        parser.exit(2, f"{parser.prog}: error: cannot read {args.data}: {e.strerror}\n")

    print(f"{len(X)} images, eta = {args.eta}, epochs = {args.epochs}, seed = {args.seed}")
    for epoch, C_T in enumerate(history):
        if epoch % every == 0 or epoch == args.epochs:
            print(f"epoch {epoch:{len(str(args.epochs))}d}  C_T = {C_T:.4f}")
    print(f"final C_T = {history[-1]:.4f}, accuracy {vector.correct(params, X, T)}/{len(X)}")


# --8<-- [start:watch]
def correct_history(params, X, T, eta, epochs):
    """The same loop as vector.train, counting the images labelled correctly after each epoch"""
    history = [vector.correct(params, X, T)]
    for epoch in range(epochs):
        params = vector.step(params, vector.gradients(params, X, T), eta)
        history.append(vector.correct(params, X, T))
    return history
# --8<-- [end:watch]


def figure_cost_curve():
    """C_T against epoch for the book's run; the log scale keeps the slow late decline visible."""
    from matplotlib.figure import Figure

    history = parameters.run()[1]
    fig = Figure(figsize=(6, 3.2), layout="constrained")
    ax = fig.subplots()
    ax.semilogy(range(len(history)), history)
    ax.set_xlabel("epoch")
    ax.set_ylabel("$C_T$")
    return fig


def book_correct_history():
    """Images labelled correctly after each epoch of the book's run"""
    X, T = dataset.to_arrays(dataset.load_dataset(DATA))
    return correct_history(vector.init_parameters(SEED), X, T, ETA, EPOCHS)


def figure_accuracy():
    """Correct labels against epoch, beside C_T, for the book's run (first epochs only)."""
    from matplotlib.figure import Figure

    history, correct = parameters.run()[1], book_correct_history()
    shown = min(len(history), 2 * first_perfect(correct) + 20)
    fig = Figure(figsize=(6, 3.2), layout="constrained")
    ax = fig.subplots()
    ax.plot(range(shown), correct[:shown], color="#23a386", label="correct labels")
    ax.set_xlabel("epoch")
    ax.set_ylabel("images labelled correctly")
    ax.set_ylim(0, len(dataset.load_dataset(DATA)) + 2)
    cost = ax.twinx()
    cost.plot(range(shown), history[:shown], color="#4a7fd6", linestyle="--", label="$C_T$")
    cost.set_ylabel("$C_T$ (dashed)")
    cost.set_ylim(0, None)
    return fig


def first_perfect(correct):
    """The first epoch after which every image is labelled correctly (and stays so)"""
    last_wrong = max((e for e, c in enumerate(correct) if c < correct[-1]), default=-1)
    return last_wrong + 1


def figure_hidden_weights():
    """The weights of the three hidden units on the 4x3 grid: before (top) and after training."""
    from matplotlib.figure import Figure

    import grids

    before, after = parameters.book_run()
    vmax = float(max(np.max(np.abs(before["W2"])), np.max(np.abs(after["W2"]))))
    fig = Figure(figsize=(5.4, 4.8), layout="constrained")
    axes = fig.subplots(2, 3)
    for row, (params, when) in enumerate(((before, "before"), (after, "after"))):
        for j in range(3):
            grids.draw_weights(axes[row, j], params["W2"][j], vmax=vmax,
                               title=f"unit {j + 1}, {when}")
    return fig


def numbers():
    """The numbers of the book's run, for the prose: {{ train.final_cost:.4f }} and so on."""
    params, history, X, T = parameters.run()
    correct = vector.correct(params, X, T)
    before = vector.init_parameters(SEED)
    counts = book_correct_history()
    change = np.abs(params["W2"] - before["W2"])
    j, i = np.unravel_index(np.argmax(change), change.shape)
    gaps = [sgd_gap(eta) for eta in SGD_ETAS]
    return {
        "eta": ETA, "epochs": EPOCHS, "seed": SEED, "scale": vector.SCALE,
        "initial_cost": float(history[0]), "final_cost": float(history[-1]),
        "correct": correct, "images": len(X), "accuracy": correct / len(X),
        "parameters": vector.parameter_count(params),
        "initial_correct": counts[0], "first_perfect": first_perfect(counts),
        "cost_at_perfect": float(history[first_perfect(counts)]),
        "cost_after_100": float(history[100]),
        "late_factor": float(history[100] / history[-1]),
        "steps_total": EPOCHS * len(X),
        "largest_change": float(change[j, i]), "largest_change_j": int(j) + 1,
        "largest_change_i": int(i) + 1,
        "w2_2_5": float(params["W2"][1, 4]), "w2_2_8": float(params["W2"][1, 7]),
        "w2_3_5": float(params["W2"][2, 4]), "w2_3_8": float(params["W2"][2, 7]),
        "w2_3_6": float(params["W2"][2, 5]), "w2_3_9": float(params["W2"][2, 8]),
        "w3_2_2": float(params["W3"][1, 1]), "w3_1_3": float(params["W3"][0, 2]),
        "w3_1_2": float(params["W3"][0, 1]), "w3_2_3": float(params["W3"][1, 2]),
        "w2_2_5_before": float(before["W2"][1, 4]), "w2_3_5_before": float(before["W2"][2, 4]),
        "w2_2_8_before": float(before["W2"][1, 7]), "w2_3_8_before": float(before["W2"][2, 7]),
        "change_1": float(np.linalg.norm(change[0])), "change_2": float(np.linalg.norm(change[1])),
        "change_3": float(np.linalg.norm(change[2])),
        "initial_says_one": int(np.sum(vector.predict(before, X) == 1)),
        "sgd_eta_big": SGD_ETAS[0], "sgd_eta_small": SGD_ETAS[1],
        "sgd_gap_big": gaps[0], "sgd_gap_small": gaps[1], "sgd_gap_ratio": gaps[0] / gaps[1],
    }


# The formula-pair check of the page: one epoch of full-batch descent, computed term by term
# by expanded.py (plain floats) and at once by vector.py (numpy).

def flat(arrays):
    """All the numbers of some lists or arrays, as one vector, to compare two results."""
    return np.concatenate([np.ravel(np.asarray(a, dtype=float)) for a in arrays])


def epoch_expanded(params, images, eta):
    """w <- w - eta (sum over images of delta a), one parameter at a time"""
    trained, history = expanded.train(vector.to_expanded(params), images, eta, epochs=1)
    return expanded.flatten(trained)


def epoch_vector(params, images, eta):
    """W^l <- W^l - eta (Delta^l)^T A^(l-1),  b^l <- b^l - eta (Delta^l)^T 1"""
    X, T = dataset.to_arrays(images)
    Z2, A2, Z3, A3 = vector.forward(params, X)
    Delta2, Delta3 = vector.deltas(params, A2, A3, T)
    ones = np.ones(len(X))
    stepped = {"W2": params["W2"] - eta * Delta2.T @ X, "b2": params["b2"] - eta * Delta2.T @ ones,
               "W3": params["W3"] - eta * Delta3.T @ A2, "b3": params["b3"] - eta * Delta3.T @ ones}
    return flat(stepped[name] for name in vector.SHAPES)


def sgd_step_expanded(params, x, t, eta):
    """w <- w - eta delta a and b <- b - eta delta for one image, one parameter at a time"""
    w2, b2, w3, b3 = vector.to_expanded(params)
    z2, a2, z3, a3 = expanded.forward((w2, b2, w3, b3), x)
    delta2, delta3 = expanded.deltas((w2, b2, w3, b3), a2, a3, t)
    w2 = [[w2[j][i] - eta * delta2[j] * x[i] for i in range(12)] for j in range(3)]
    b2 = [b2[j] - eta * delta2[j] for j in range(3)]
    w3 = [[w3[k][j] - eta * delta3[k] * a2[j] for j in range(3)] for k in range(2)]
    b3 = [b3[k] - eta * delta3[k] for k in range(2)]
    return expanded.flatten((w2, b2, w3, b3))


def sgd_step_vector(params, x, t, eta):
    """W^l <- W^l - eta delta^l (a^(l-1))^T,  b^l <- b^l - eta delta^l, for one image"""
    x, t = np.asarray(x, dtype=float), np.asarray(t, dtype=float)
    a2 = vector.sigma(params["W2"] @ x + params["b2"])
    a3 = vector.sigma(params["W3"] @ a2 + params["b3"])
    delta3 = (a3 - t) * a3 * (1 - a3)
    delta2 = (params["W3"].T @ delta3) * a2 * (1 - a2)
    stepped = {"W2": params["W2"] - eta * np.outer(delta2, x), "b2": params["b2"] - eta * delta2,
               "W3": params["W3"] - eta * np.outer(delta3, a2), "b3": params["b3"] - eta * delta3}
    return flat(stepped[name] for name in vector.SHAPES)


def random_image_and_rate(rng):
    """Random parameters, a random image and target, and a learning rate."""
    return {**parameters.random_image(rng), "eta": rng.uniform(0.1, 1)}


CHECKS = {
    "epoch": (epoch_expanded, epoch_vector, parameters.random_network),
    "sgd_step": (sgd_step_expanded, sgd_step_vector, random_image_and_rate),
}


def sgd_epoch(params, X, T, eta):
    """One epoch of stochastic gradient descent: a step after each image, in order"""
    for n in range(len(X)):
        params = vector.step(params, vector.gradients(params, X[n:n + 1], T[n:n + 1]), eta)
    return params


SGD_ETAS = (0.03, 0.003)  # two learning rates, ten times apart, for the SGD exercise


def sgd_gap(eta):
    """|theta after one SGD epoch - theta after one full-batch step|, from the book's start"""
    X, T = dataset.to_arrays(dataset.load_dataset(DATA))
    start = vector.init_parameters(SEED)
    full = vector.step(start, vector.gradients(start, X, T), eta)
    return float(np.linalg.norm(parameters.theta_vector(sgd_epoch(start, X, T, eta))
                                - parameters.theta_vector(full)))


if __name__ == "__main__":
    main()
