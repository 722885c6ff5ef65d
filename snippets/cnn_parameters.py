"""The 69 parameters of the convolutional network by name, and the book's training run of it.

Like parameters.py for the 0/1 network: the seed, eta and epochs every page of the
convolution chapter uses (train_cnn.py's command line takes them as its defaults), run(),
which trains from them, the names of the 69 parameters in the order of theta, and the
random inputs the chapter's formula pairs are checked on.

    python snippets/cnn_parameters.py

prints the trained filters of the book's run.
"""

import functools

import numpy as np

import cnn_dataset
import cnn_vector

DATA = cnn_dataset.DEFAULT  # digits6.txt beside the snippets
ETA = 0.1      # learning rate: a last-bit difference stays small (at 0.2 it grew 1.6-fold a step early on)
EPOCHS = 1000  # full-batch gradient-descent steps
SEED = 0       # seed of the random initial parameters


# --8<-- [start:run]
def run(data=DATA, eta=ETA, epochs=EPOCHS, seed=SEED, every=None):
    """Load the images, draw the parameters from `seed`, train.

    Returns (params, history, X, T); history[e] is C_T after e epochs. `every` is passed
    to cnn_vector.train (called as every(epoch, params) after each epoch).
    """
    X, T = cnn_dataset.to_arrays(cnn_dataset.load_dataset(data))
    if every is None:  # the book's runs repeat: each is trained once per process
        params, history = trained(str(data), eta, epochs, seed)
        return {name: p.copy() for name, p in params.items()}, list(history), X, T
    params, history = cnn_vector.train(cnn_vector.init_parameters(seed), X, T, eta, epochs, every)
    return params, history, X, T
# --8<-- [end:run]


@functools.lru_cache(maxsize=8)
def trained(data, eta, epochs, seed):
    """(params, history) of one training run, remembered: the figures and numbers of a page ask
    for the same run several times. Callers get copies from run()."""
    X, T = cnn_dataset.to_arrays(cnn_dataset.load_dataset(data))
    return cnn_vector.train(cnn_vector.init_parameters(seed), X, T, eta, epochs)


def book_run():
    """The parameters before and after the book's training run (the defaults of run)."""
    return cnn_vector.init_parameters(SEED), run()[0]


def correct_history(data=DATA, eta=ETA, epochs=EPOCHS, seed=SEED):
    """Images read correctly before training and after each epoch of the run"""
    X, T = cnn_dataset.to_arrays(cnn_dataset.load_dataset(data))
    counts = []
    cnn_vector.train(cnn_vector.init_parameters(seed), X, T, eta, epochs,
                     every=lambda epoch, params: counts.append(cnn_vector.correct(params, X, T)))
    return counts


def first_perfect(counts):
    """The first epoch after which every image is read correctly, and stays so (None if never)"""
    if counts[-1] < max(counts) or counts[-1] == 0:
        return None
    wrong = [epoch for epoch, count in enumerate(counts) if count < counts[-1]]
    return wrong[-1] + 1 if wrong else 0


def names():
    """(symbol, code name) of theta_1, ..., theta_69, in the order of theta."""
    rows = []
    for k in range(1, 4):
        for p in range(1, 4):
            for q in range(1, 4):
                rows.append((f"w^F_{{{k}{p}{q}}}", f"WF[{k - 1}, {p - 1}, {q - 1}]"))
    rows += [(f"b^F_{k}", f"bF[{k - 1}]") for k in range(1, 4)]
    for c in range(1, 4):
        for k in range(1, 4):
            for i in range(1, 3):
                for j in range(1, 3):
                    m = 4 * (k - 1) + 2 * (i - 1) + (j - 1)
                    rows.append((f"w^O_{{{c},{k}{i}{j}}}", f"WO[{c - 1}, {m}]"))
    rows += [(f"b^O_{c}", f"bO[{c - 1}]") for c in range(1, 4)]
    return rows


# --- random inputs for the formula pairs -------------------------------------------

def random_parameters(rng):
    """All 69 parameters drawn from a normal distribution with mean 0 and deviation 1"""
    return {name: rng.standard_normal(shape) for name, shape in cnn_vector.SHAPES.items()}


def random_grid(rng):
    """A random black-and-white 6 x 6 image, as a list of 6 rows of 6 floats"""
    return [[float(v) for v in row] for row in rng.integers(0, 2, size=(6, 6))]


def random_image(rng):
    """Random parameters, a random 6 x 6 image x and a one-hot target t."""
    return {"params": random_parameters(rng), "x": random_grid(rng),
            "t": list(cnn_dataset.target(int(rng.integers(1, 4))))}


def random_images(rng, count=6):
    """Random parameters and a few random images of the training set's kind: (pixels, label)."""
    images = cnn_dataset.make_training_set()
    chosen = rng.choice(len(images), size=count, replace=False)
    return {"params": random_parameters(rng), "images": [images[n] for n in chosen]}


if __name__ == "__main__":
    start, trained = book_run()
    print(f"{len(names())} parameters; the filters after the book's run "
          f"(eta = {ETA}, {EPOCHS} epochs, seed {SEED}):")
    for k in range(3):
        print(f"W^F_{k + 1} =\n{np.round(trained['WF'][k], 3)}, b^F_{k + 1} = {trained['bF'][k]:.3f}")
