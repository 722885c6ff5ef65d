"""Train the convolutional network from the command line.

    python snippets/train_cnn.py                       # the book's run: the defaults below
    python snippets/train_cnn.py --eta 0.1 --epochs 1000 --seed 3
    python snippets/train_cnn.py --data mine.txt       # your own 6x6 images, as in digits6.txt

Full-batch gradient descent on C_T (cnn_vector.py): prints C_T and the images read
correctly as training goes, then the final C_T and the accuracy.
"""

import argparse
import math
from pathlib import Path

import numpy as np

import cnn_dataset
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


if __name__ == "__main__":
    main()
