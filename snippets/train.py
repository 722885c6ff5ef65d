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
import vector

DATA = Path(__file__).with_name("digits.txt")  # beside this file, so any working folder works
ETA = 0.3      # learning rate eta: 0.5 already makes C_T jump up once early on
EPOCHS = 1000  # gradient-descent steps, each on all images
SEED = 0       # seed of the random initial parameters


# --8<-- [start:run]
def run(data=DATA, eta=ETA, epochs=EPOCHS, seed=SEED):
    """Load the images, draw the parameters from `seed`, train.

    Returns (params, history, X, T); history[e] is C_T after e epochs.
    """
    X, T = dataset.to_arrays(dataset.load_dataset(data))
    params, history = vector.train(vector.init_parameters(seed), X, T, eta, epochs)
    return params, history, X, T
# --8<-- [end:run]


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
        params, history, X, T = run(args.data, args.eta, args.epochs, args.seed)
    except dataset.DatasetError as e:
        parser.exit(2, f"{parser.prog}: error: {e}\n")
    except OSError as e:
        parser.exit(2, f"{parser.prog}: error: cannot read {args.data}: {e.strerror}\n")

    print(f"{len(X)} images, eta = {args.eta}, epochs = {args.epochs}, seed = {args.seed}")
    for epoch, C_T in enumerate(history):
        if epoch % every == 0 or epoch == args.epochs:
            print(f"epoch {epoch:{len(str(args.epochs))}d}  C_T = {C_T:.4f}")
    print(f"final C_T = {history[-1]:.4f}, accuracy {vector.correct(params, X, T)}/{len(X)}")


def figure_cost_curve():
    """C_T against epoch for the book's run; the log scale keeps the slow late decline visible."""
    from matplotlib.figure import Figure

    history = run()[1]
    fig = Figure(figsize=(6, 3.2), layout="constrained")
    ax = fig.subplots()
    ax.semilogy(range(len(history)), history)
    ax.set_xlabel("epoch")
    ax.set_ylabel("$C_T$")
    return fig


def numbers():
    """The numbers of the book's run, for the prose: {{ train.final_cost:.4f }} and so on."""
    params, history, X, T = run()
    correct = vector.correct(params, X, T)
    return {
        "eta": ETA, "epochs": EPOCHS, "seed": SEED, "scale": vector.SCALE,
        "initial_cost": float(history[0]), "final_cost": float(history[-1]),
        "correct": correct, "images": len(X), "accuracy": correct / len(X),
        "parameters": vector.parameter_count(params),
    }


# Formula-pair checks for the chapter: the expanded side of each pair is computed by
# expanded.py (plain floats, term by term), the vector side by vector.py (numpy).

def random_network(rng):
    """Random parameters, a random image x with its label, a small random training set."""
    params = {name: rng.standard_normal(shape) for name, shape in vector.SHAPES.items()}
    images = [(tuple(rng.integers(0, 2, size=12)), int(rng.integers(0, 2))) for _ in range(8)]
    x, label = images[0]
    return {"params": params, "x": x, "label": label, "images": images, "eta": rng.uniform(0.1, 1)}


def flat(arrays):
    """All the numbers of some lists or arrays, as one vector, to compare two results."""
    return np.concatenate([np.ravel(np.asarray(a, dtype=float)) for a in arrays])


def hidden_layer_expanded(params, x, **_):
    z2, a2, z3, a3 = expanded.forward(vector.to_expanded(params), x)
    return flat([z2, a2])


def hidden_layer_vector(params, x, **_):
    Z2, A2, Z3, A3 = vector.forward(params, np.array([x], dtype=float))
    return flat([Z2, A2])


def output_layer_expanded(params, x, **_):
    z2, a2, z3, a3 = expanded.forward(vector.to_expanded(params), x)
    return flat([z3, a3])


def output_layer_vector(params, x, **_):
    Z2, A2, Z3, A3 = vector.forward(params, np.array([x], dtype=float))
    return flat([Z3, A3])


def cost_expanded(params, x, label, **_):
    a3 = expanded.forward(vector.to_expanded(params), x)[3]
    return expanded.cost(a3, dataset.target(label))


def cost_vector(params, x, label, **_):
    X, T = dataset.to_arrays([(x, label)])
    return vector.total_cost(params, X, T)


def total_cost_expanded(params, images, **_):
    return expanded.total_cost(vector.to_expanded(params), images)


def total_cost_vector(params, images, **_):
    return vector.total_cost(params, *dataset.to_arrays(images))


def descent_step_expanded(params, images, eta, **_):
    p = vector.to_expanded(params)
    return flat(expanded.step(p, expanded.gradients(p, images), eta))


def descent_step_vector(params, images, eta, **_):
    X, T = dataset.to_arrays(images)
    stepped = vector.step(params, vector.gradients(params, X, T), eta)
    return flat(stepped[name] for name in vector.SHAPES)


CHECKS = {
    "hidden_layer": (hidden_layer_expanded, hidden_layer_vector, random_network),
    "output_layer": (output_layer_expanded, output_layer_vector, random_network),
    "cost": (cost_expanded, cost_vector, random_network),
    "total_cost": (total_cost_expanded, total_cost_vector, random_network),
    "descent_step": (descent_step_expanded, descent_step_vector, random_network),
}


if __name__ == "__main__":
    main()
