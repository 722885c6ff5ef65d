"""Train the 0/1 network from the command line.

    python snippets/train.py                      # the book's run: the defaults below
    python snippets/train.py --eta 0.1 --epochs 3000 --seed 7
    python snippets/train.py --batch-size 1 --eta 19.2   # stochastic gradient descent
    python snippets/train.py --data mine.txt      # your own images, in the format of digits.txt

Gradient descent on C_T (vector.py): full batch by default, one step per epoch; with
--batch-size N, a step after every N images, in an order shuffled anew each epoch. Prints
C_T as it falls, then the final C_T and how many images the trained network labels
correctly. On a terminal, a progress bar on stderr shows how far a long run has come.
"""

import argparse
import math
import sys
import time
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
                    "by gradient descent on C_T: full batch, mini-batch or stochastic.")
    parser.add_argument("--data", type=Path, default=DATA, metavar="PATH",
                        help="dataset file: per image 4 rows of 3 pixels ('#' ink, '.' paper), "
                             "then 'label 0' or 'label 1' (default: digits.txt beside this script)")
    parser.add_argument("--eta", type=float, default=ETA,
                        help=f"learning rate eta, a number greater than 0 (default: {ETA})")
    parser.add_argument("--epochs", type=int, default=EPOCHS,
                        help=f"number of passes over the images, at least 1 (default: {EPOCHS})")
    parser.add_argument("--seed", type=int, default=SEED,
                        help=f"seed of the random initial parameters, 0 or more (default: {SEED})")
    parser.add_argument("--batch-size", type=int, metavar="N",
                        help="images per step: 1 is stochastic gradient descent, the number of "
                             "images (64 in digits.txt) is full-batch descent, one step per epoch "
                             "(default: all the images)")
    parser.add_argument("--shuffle-seed", type=int, metavar="S",
                        help="seed of the order in which each epoch takes the images, 0 or more; "
                             "a full batch needs no order (default: the --seed)")
    parser.add_argument("--every", type=int, metavar="N",
                        help="print C_T every N epochs (default: a tenth of the epochs)")
    args = parser.parse_args(argv)
    if not (math.isfinite(args.eta) and args.eta > 0):
        parser.error(f"argument --eta: must be a finite number greater than 0, not {args.eta}")
    if args.epochs < 1:
        parser.error(f"argument --epochs: must be at least 1, not {args.epochs}")
    if args.seed < 0:
        parser.error(f"argument --seed: must be 0 or more, not {args.seed}")
    if args.batch_size is not None and args.batch_size < 1:
        parser.error(f"argument --batch-size: must be at least 1, not {args.batch_size}")
    if args.shuffle_seed is not None and args.shuffle_seed < 0:
        parser.error(f"argument --shuffle-seed: must be 0 or more, not {args.shuffle_seed}")
    if args.every is not None and args.every < 1:
        parser.error(f"argument --every: must be at least 1, not {args.every}")
    every = args.every or max(1, args.epochs // 10)
    shuffle_seed = args.seed if args.shuffle_seed is None else args.shuffle_seed

    try:
        X, T = dataset.to_arrays(dataset.load_dataset(args.data))
    except dataset.DatasetError as e:
        parser.exit(2, f"{parser.prog}: error: {e}\n")
    except OSError as e:
        parser.exit(2, f"{parser.prog}: error: cannot read {args.data}: {e.strerror}\n")
    batch_size = min(args.batch_size or len(X), len(X))

    method = ("full batch" if batch_size == len(X) else
              "stochastic" if batch_size == 1 else f"mini-batches of {batch_size}")
    order = "" if batch_size == len(X) else f", shuffle seed = {shuffle_seed}"
    print(f"{len(X)} images, {method}, eta = {args.eta}, epochs = {args.epochs}, "
          f"seed = {args.seed}{order}", flush=True)
    params = train(vector.init_parameters(args.seed), X, T, args.eta, args.epochs, batch_size,
                   dataset.shuffler(shuffle_seed), every, Progress(args.epochs))
    print(f"final C_T = {show(vector.total_cost(params, X, T))}, "
          f"accuracy {vector.correct(params, X, T)}/{len(X)}")


def train(params, X, T, eta, epochs, batch_size, rng, every, progress):
    """vector.train_minibatch's loop, printing C_T every `every` epochs as it goes"""
    width = len(str(epochs))
    for epoch in range(epochs + 1):
        if epoch > 0:
            params = vector.epoch(params, X, T, eta, batch_size, rng)
        if epoch % every == 0 or epoch == epochs:
            progress.print(f"epoch {epoch:{width}d}  C_T = {show(vector.total_cost(params, X, T))}")
        elif progress.due():
            progress.show(epoch, vector.total_cost(params, X, T))
    progress.close()
    return params


def show(C_T):
    """C_T with four decimals, or in scientific form once it is below 0.01"""
    return f"{C_T:.4f}" if C_T >= 0.01 or not math.isfinite(C_T) else f"{C_T:.3e}"


class Progress:
    """A one-line progress bar on stderr, redrawn a few times a second; only on a terminal,
    so that a log or a pipe gets the printed lines alone."""

    WIDTH = 24

    def __init__(self, epochs, stream=sys.stderr, interval=0.2):
        self.epochs, self.stream, self.interval = epochs, stream, interval
        self.on = stream.isatty()
        self.start = self.last = time.monotonic()
        self.shown = ""

    def due(self):
        return self.on and time.monotonic() - self.last >= self.interval

    def show(self, epoch, C_T):
        self.last = now = time.monotonic()
        done = epoch / self.epochs
        left = (now - self.start) * (1 - done) / done if done else 0
        bar = "#" * round(self.WIDTH * done)
        self.erase()
        self.shown = (f"[{bar:.<{self.WIDTH}}] {done:4.0%}  epoch {epoch}/{self.epochs}  "
                      f"C_T = {show(C_T)}  {left:.0f} s left")
        self.stream.write(self.shown)
        self.stream.flush()

    def erase(self):
        if self.shown:
            self.stream.write("\r" + " " * len(self.shown) + "\r")
            self.shown = ""

    def print(self, line):
        """A line of the run's output, on stdout, under any bar"""
        self.erase()
        self.stream.flush()
        print(line, flush=True)

    def close(self):
        self.erase()
        self.stream.flush()


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


CHECKS = {
    "epoch": (epoch_expanded, epoch_vector, parameters.random_network),
}


if __name__ == "__main__":
    main()
