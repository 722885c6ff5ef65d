"""Train the convolutional network from the command line.

    python snippets/train_cnn.py                       # the book's run: the defaults below
    python snippets/train_cnn.py --eta 0.05 --epochs 2000 --seed 3
    python snippets/train_cnn.py --data mine.txt       # your own 6x6 images, as in digits6.txt

Full-batch gradient descent on C_T (cnn_vector.py): prints C_T and the images read
correctly as training goes, then the final C_T and the accuracy.
"""

import argparse
import math
from pathlib import Path

import numpy as np

import cnn_dataset
import cnn_expanded
import cnn_parameters
import cnn_vector
import dataset
from cnn_parameters import DATA, EPOCHS, ETA, SEED  # the book's run: the defaults below


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="train_cnn.py",
        description="Train the convolutional network (3 filters of 3x3, 2x2 max pooling, "
                    "3 outputs: 69 parameters) to read 6x6 images of 1, 2 and 3, by "
                    "full-batch gradient descent on C_T.")
    parser.add_argument("--data", type=Path, default=DATA, metavar="PATH",
                        help="dataset file: per image 6 rows of 6 pixels ('#' ink, '.' paper), "
                             "then 'label 1', 'label 2' or 'label 3' "
                             "(default: digits6.txt beside this script)")
    parser.add_argument("--eta", type=float, default=ETA,
                        help=f"learning rate eta, a number greater than 0 (default: {ETA})")
    parser.add_argument("--epochs", type=int, default=EPOCHS,
                        help=f"number of gradient-descent steps, at least 1 (default: {EPOCHS})")
    parser.add_argument("--seed", type=int, default=SEED,
                        help=f"seed of the random initial parameters, 0 or more (default: {SEED})")
    parser.add_argument("--every", type=int, metavar="N",
                        help="print progress every N epochs (default: a tenth of the epochs)")
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
        X, T = cnn_dataset.to_arrays(cnn_dataset.load_dataset(args.data))
    except dataset.DatasetError as e:
        parser.exit(2, f"{parser.prog}: error: {e}\n")
    except OSError as e:
        parser.exit(2, f"{parser.prog}: error: cannot read {args.data}: {e.strerror}\n")

    print(f"{len(X)} images, eta = {args.eta}, epochs = {args.epochs}, seed = {args.seed}")
    width = len(str(args.epochs))

    def progress(epoch, params):
        if epoch % every == 0 or epoch == args.epochs:
            C_T = cnn_vector.total_cost(params, X, T)
            print(f"epoch {epoch:{width}d}  C_T = {C_T:.4f}  "
                  f"correct {cnn_vector.correct(params, X, T)}/{len(X)}", flush=True)

    params, history = cnn_vector.train(cnn_vector.init_parameters(args.seed), X, T,
                                       args.eta, args.epochs, every=progress)
    print(f"final C_T = {history[-1]:.4f}, accuracy {cnn_vector.correct(params, X, T)}/{len(X)}")


# --- the page: the book's run, drawn ----------------------------------------------------

def figure_cost_curve():
    """C_T against epoch for the book's run, on a log scale, with the images read correctly."""
    from matplotlib.figure import Figure

    history = cnn_parameters.run()[1]
    counts = cnn_parameters.correct_history()
    fig = Figure(figsize=(6.4, 3.2), layout="constrained")
    ax = fig.subplots()
    ax.semilogy(range(len(history)), history, color="#4a7fd6", label="$C_T$")
    ax.set_xlabel("epoch")
    ax.set_ylabel("$C_T$ (log scale)")
    right = ax.twinx()
    right.plot(range(len(counts)), counts, color="#23a386", linestyle="--")
    right.set_ylabel("images read correctly (dashed)")
    right.set_ylim(0, 100)
    return fig


def figure_filters():
    """The three filters and their biases before and after the book's run."""
    from matplotlib.figure import Figure

    before, after = cnn_parameters.book_run()
    vmax = float(np.max(np.abs(after["WF"])))
    fig = Figure(figsize=(6.0, 4.0), layout="constrained")
    axes = fig.subplots(2, 3)
    for row, (params, when) in enumerate(((before, "before"), (after, "after"))):
        for k in range(3):
            cnn_dataset.draw_map(axes[row, k], params["WF"][k], vmax=vmax,
                                 title=f"filter {k + 1} {when}, $b = {params['bF'][k]:.1f}$")
    return fig


EXAMPLES = (0, 37, 70)  # one image of each digit, at different places


def figure_feature_maps():
    """One image of each digit and, after training, its three activated feature maps and
    three pooled maps, and the three outputs."""
    from matplotlib.figure import Figure

    params, history, X, T = cnn_parameters.run()
    ZF, AF, AP, ZO, AO = cnn_vector.forward(params, X[list(EXAMPLES)])
    fig = Figure(figsize=(7.6, 5.0), layout="constrained")
    axes = fig.subplots(3, 8, width_ratios=[6, 4, 4, 4, 2, 2, 2, 1.4])
    for row, n in enumerate(EXAMPLES):
        cnn_dataset.draw_grid(axes[row, 0], X[n].ravel(), title=f"image {n + 1}")
        for k in range(3):
            cnn_dataset.draw_map(axes[row, 1 + k], AF[row, k], vmax=1, cmap="Greens", digits=1,
                                 title=f"$a^{{\\mathrm{{F}}}}_{{{k + 1}ij}}$" if row == 0 else None)
            cnn_dataset.draw_map(axes[row, 4 + k], AP[row].reshape(3, 2, 2)[k], vmax=1, cmap="Greens",
                                 digits=1, title=f"$a^{{\\mathrm{{P}}}}_{{{k + 1}ij}}$" if row == 0 else None)
        cnn_dataset.draw_map(axes[row, 7], AO[row][:, None], vmax=1, cmap="Greens", digits=2,
                             title="$a^{\\mathrm{O}}_d$" if row == 0 else None)
    return fig


def fired(params, X, threshold=0.5):
    """For each image and map: how many of the map's four pooled values exceed the threshold"""
    AP = cnn_vector.forward(params, X)[2].reshape(len(X), 3, 4)
    return (AP > threshold).sum(axis=2)


def fixed_winner_cost(params, X, T, W):
    """C_T with the winners of every block held at W (a 0/1 mask like winners()), not re-chosen:
    the smooth formula that holds while no winner changes."""
    AF = cnn_vector.forward(params, X)[1]
    AP = cnn_vector.blocks(AF * W).sum(axis=-1).reshape(len(X), -1)
    return cnn_vector.cost(cnn_vector.sigma(AP @ params["WO"].T + params["bO"]), T)


def rises_explained(X, T, epochs):
    """For each step of the book's run at which C_T rises: (step, does the cost with the old
    winners held fixed rise too?). Where it does, the step overshot on one smooth formula."""
    params, found = cnn_vector.init_parameters(SEED), []
    for epoch in range(1, epochs + 1):
        before = cnn_vector.total_cost(params, X, T)
        W = cnn_vector.winners(cnn_vector.forward(params, X)[1])
        params = cnn_vector.step(params, cnn_vector.gradients(params, X, T), ETA)
        if cnn_vector.total_cost(params, X, T) > before:
            found.append((epoch, bool(fixed_winner_cost(params, X, T, W) > before)))
    return found


def numbers():
    params, history, X, T = cnn_parameters.run()
    digit = T.argmax(axis=1) + 1
    counts_fired = fired(params, X)
    AF = cnn_vector.forward(params, X)[1]

    def fires(k, d):  # the numbers of pooled values above one half, over the images of digit d
        return ", ".join(str(c) for c in sorted({int(c) for c in counts_fired[digit == d, k]}))
    counts = cnn_parameters.correct_history()
    rises = int(np.sum(np.diff(history) > 0))
    last_rise = int(np.nonzero(np.diff(history) > 0)[0].max()) + 1
    explained = rises_explained(X, T, last_rise)
    switched = [epoch for epoch, overshoot in explained if not overshoot]
    AO = cnn_vector.forward(params, X)[4]
    right = AO[np.arange(len(X)), T.argmax(axis=1)]
    wrong = AO[T == 0]
    return {
        "eta": ETA, "epochs": EPOCHS, "seed": SEED, "scale": cnn_vector.SCALE,
        "images": len(X), "parameters": cnn_vector.parameter_count(params),
        "initial_cost": float(history[0]), "final_cost": float(history[-1]),
        "initial_correct": counts[0], "correct": counts[-1],
        "first_perfect": cnn_parameters.first_perfect(counts),
        "cost_at_100": float(history[100]),
        "fall_share_100": float((history[0] - history[100]) / (history[0] - history[-1])),
        "rises": rises, "last_rise": last_rise, "rises_overshoot": sum(overshoot for epoch, overshoot in explained),
        "rises_switched": len(switched), "rises_switched_steps": ", ".join(map(str, switched)) or "none",
        "lowest_right": float(right.min()), "highest_wrong": float(wrong.max()),
        "map1_ones": fires(0, 1), "map1_twos": fires(0, 2), "map1_threes": fires(0, 3),
        "map3_ones": fires(2, 1), "map3_twos": fires(2, 2), "map3_threes": fires(2, 3),
        "map2_largest": float(AF[:, 1].max()),
        "bias_1": float(params["bF"][0]), "bias_O1": float(params["bO"][0]),
        "filter_1_21": float(params["WF"][0, 1, 0]), "filter_1_22": float(params["WF"][0, 1, 1]), "filter_3_22": float(params["WF"][2, 1, 1]),
        "filter_2_largest": float(params["WF"][1].max()),
    }


# The formula pair of the page: one step of gradient descent on all 69 parameters.

def step_expanded(params, images, eta):
    """w <- w - eta dC_T/dw, one parameter at a time, term by term"""
    stepped = cnn_expanded.step(cnn_vector.to_expanded(params), cnn_expanded.gradients(
        cnn_vector.to_expanded(params), images), eta)
    return cnn_expanded.flatten(stepped)


def step_vector(params, images, eta):
    """theta <- theta - eta grad C_T"""
    X, T = cnn_dataset.to_arrays(images)
    theta = cnn_vector.theta_vector(params)
    return theta - eta * cnn_vector.theta_vector(cnn_vector.gradients(params, X, T))


def random_step(rng):
    return {**cnn_parameters.random_images(rng), "eta": float(rng.uniform(0.05, 0.5))}


CHECKS = {
    "step": (step_expanded, step_vector, random_step),
}


if __name__ == "__main__":
    main()
