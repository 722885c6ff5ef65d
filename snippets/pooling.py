"""Pooling: each 2 x 2 block of a feature map keeps only its largest value.

    python snippets/pooling.py

prints the activated feature maps of training image 1 at the book's starting parameters,
their pooled maps, and the winner of each block.
"""

import numpy as np

import cnn_dataset
import cnn_expanded
import cnn_parameters
import cnn_vector

IMAGE = 0


def book_maps():
    """The activated maps a^F (3 x 4 x 4) of training image 1 at the starting parameters"""
    X, T = cnn_dataset.to_arrays(cnn_dataset.load_dataset())
    params = cnn_vector.init_parameters(cnn_parameters.SEED)
    return cnn_vector.forward(params, X[IMAGE:IMAGE + 1])[1][0]


def random_maps(rng):
    """A random 4 x 4 activated map; some with ties, as blank windows make them"""
    a = rng.uniform(0, 1, size=(4, 4))
    if rng.uniform() < 0.5:
        a[2:, :] = a[3, 3]  # a tied block, as equal windows of the image give
    return {"a": a.tolist()}


def pool_expanded(a):
    """aP_ij = max(aF_2i-1,2j-1, aF_2i-1,2j, aF_2i,2j-1, aF_2i,2j), the four candidates one by one"""
    return cnn_expanded.pool(a)


def pool_vector(a):
    """A^P = maxpool(A^F): the largest entry of each 2 x 2 block"""
    return cnn_vector.pool(np.array(a)[None, None])[0, 0]


CHECKS = {
    "pool": (pool_expanded, pool_vector, random_maps),
}


def figure_pooling():
    """The three activated feature maps of image 1 with each block's winner framed, and the
    three pooled maps beside them."""
    from matplotlib.figure import Figure

    AF = book_maps()
    won = cnn_vector.winners(AF[None])[0]
    fig = Figure(figsize=(7.4, 2.2), layout="constrained")
    axes = fig.subplots(1, 6, width_ratios=[4, 2] * 3)
    for k in range(3):
        marks = [tuple(index) for index in np.argwhere(won[k])]
        cnn_dataset.draw_map(axes[2 * k], AF[k], vmax=1, cmap="Greens", digits=2, marks=marks,
                             title=f"$a^{{\\mathrm{{F}}}}_{{{k + 1}ij}}$")
        cnn_dataset.draw_map(axes[2 * k + 1], cnn_vector.pool(AF[None])[0, k], vmax=1,
                             cmap="Greens", digits=2, title=f"$a^{{\\mathrm{{P}}}}_{{{k + 1}ij}}$")
    return fig


def tied_blocks(params, X):
    """How many of the blocks of all images' maps have two or more equal largest values"""
    blocks = cnn_vector.blocks(cnn_vector.forward(params, X)[1])
    return int(((blocks == blocks.max(axis=-1, keepdims=True)).sum(axis=-1) > 1).sum())


def numbers():
    X, T = cnn_dataset.to_arrays(cnn_dataset.load_dataset())
    params = cnn_vector.init_parameters(cnn_parameters.SEED)
    AF = book_maps()
    AP = cnn_vector.pool(AF[None])[0]
    return {
        "aP_1_11": float(AP[0, 0, 0]), "aP_1_12": float(AP[0, 0, 1]),
        "aF_1_13": float(AF[0, 0, 2]), "aF_1_14": float(AF[0, 0, 3]),
        "aF_1_23": float(AF[0, 1, 2]), "aF_1_24": float(AF[0, 1, 3]),
        "blocks": len(X) * 12, "tied": tied_blocks(params, X),
        "tied_share": tied_blocks(params, X) / (len(X) * 12),
        "kept": 12, "dropped": 48 - 12,
    }


if __name__ == "__main__":
    AF = book_maps()
    for k in range(3):
        print(f"a^F_{k + 1}:\n{np.round(AF[k], 3)}\npooled:\n{np.round(cnn_vector.pool(AF[None])[0, k], 3)}")
