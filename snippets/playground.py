"""The trained network and the training set as data for the browser instruments.

The build calls downloads() and publishes network.js, which sets window.NET47_DATA.
"""

import json

import dataset
import parameters
import vector


def network_data():
    """The 64 images, their labels, the book's initial and trained parameters, eta and epochs."""
    images = dataset.load_dataset()
    initial = vector.init_parameters(parameters.SEED)
    trained = parameters.run()[0]
    return {
        "images": [list(pixels) for pixels, label in images],
        "labels": [label for pixels, label in images],
        "initial": {name: p.tolist() for name, p in initial.items()},
        "trained": {name: p.tolist() for name, p in trained.items()},
        "eta": parameters.ETA,
        "epochs": parameters.EPOCHS,
        "seed": parameters.SEED,
    }


def downloads():
    text = "window.NET47_DATA = " + json.dumps(network_data(), sort_keys=True) + ";\n"
    return {"network.js": text.encode()}


if __name__ == "__main__":
    data = network_data()
    print(f"{len(data['images'])} images; trained W2 row 1: {data['trained']['W2'][0][:3]} ...")
