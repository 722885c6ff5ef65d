"""The trained convolutional network and its training set as data for the CNN playground.

The build calls downloads() and publishes cnn-network.js, which sets window.CNN69_DATA:
the 96 images (36 pixels each, row by row), their labels, and the parameters before and
after the book's training run (cnn_parameters.run), as docs/javascripts/cnn69.js reads them.

    python snippets/cnn_playground.py

prints what the file holds.
"""

import json

import numpy as np

import cnn_dataset
import cnn_parameters
import cnn_vector


def network_data():
    """The 96 images, their labels, the book's initial and trained parameters, eta and epochs."""
    images = cnn_dataset.load_dataset()
    initial, trained = cnn_parameters.book_run()
    return {
        "images": [list(pixels) for pixels, label in images],
        "labels": [label for pixels, label in images],
        "initial": {name: p.tolist() for name, p in initial.items()},
        "trained": {name: p.tolist() for name, p in trained.items()},
        "eta": cnn_parameters.ETA,
        "epochs": cnn_parameters.EPOCHS,
        "seed": cnn_parameters.SEED,
    }


def downloads():
    text = "window.CNN69_DATA = " + json.dumps(network_data(), sort_keys=True) + ";\n"
    return {"cnn-network.js": text.encode()}


if __name__ == "__main__":
    data = network_data()
    X, T = cnn_dataset.to_arrays(cnn_dataset.load_dataset())
    trained = {name: np.array(p) for name, p in data["trained"].items()}
    print(f"{len(data['images'])} images; after {data['epochs']} epochs with eta = {data['eta']}, "
          f"{cnn_vector.correct(trained, X, T)}/{len(X)} read correctly")
    print("trained filter 1:", [[round(w, 3) for w in row] for row in data["trained"]["WF"][0]])
