"""The convolution layer: three filters slide over the image and give three 4 x 4 feature maps.

    python snippets/convolution_layer.py

prints the three feature maps of training image 1 at the book's starting parameters,
computed term by term and as one matrix product of the unfolded windows.
"""

import numpy as np

import cnn_dataset
import cnn_expanded
import cnn_parameters
import cnn_vector

IMAGE = 0  # the page follows training image 1, a bare "1" in the top-left corner


def book_image():
    """Training image 1 as a 6 x 6 grid, and the book's starting parameters"""
    pixels, label = cnn_dataset.load_dataset()[IMAGE]
    return cnn_expanded.as_grid(pixels), label, cnn_vector.init_parameters(cnn_parameters.SEED)


# Formula-pair checks: the expanded side in plain Python, term by term; the vector side numpy.

def random_filter(rng):
    """A random filter and bias, and a random 6 x 6 black-and-white image"""
    return {"w": rng.standard_normal((3, 3)).tolist(), "b": float(rng.standard_normal()),
            "x": cnn_parameters.random_grid(rng)}


def feature_map_expanded(w, b, x):
    """z_ij = w_11 x_i,j + w_12 x_i,j+1 + ... + w_33 x_i+2,j+2 + b at each of the 16 positions"""
    return cnn_expanded.convolve(w, b, x)


def feature_map_vector(w, b, x):
    """Z = W * G + b 1 1^T: the inner product of the filter with each window (a sliding inner product)"""
    W, G = np.array(w), np.array(x)
    return (cnn_vector.convolve_sliding(W[None], np.array([0.0]), G[None])[0, 0]
            + b * np.outer(np.ones(4), np.ones(4)))


def unfolded_expanded(w, b, x):
    """Row 4(i-1) + j: x_i,j w_11 + x_i,j+1 w_12 + ... + x_i+2,j+2 w_33 + b, the map read row by row"""
    z = []
    for i in range(4):
        for j in range(4):
            z.append(cnn_expanded.filter_position(w, b, x, i, j))
    return z


# --8<-- [start:unfolded]
def unfolded_vector(w, b, x):
    """z = U w + b 1: the 16 x 9 matrix of windows times the filter read row by row"""
    U = cnn_vector.unfold(np.array([x]))[0]           # 16 x 9
    return U @ np.ravel(w) + b * np.ones(16)
# --8<-- [end:unfolded]


CHECKS = {
    "feature_map": (feature_map_expanded, feature_map_vector, random_filter),
    "unfolded": (unfolded_expanded, unfolded_vector, random_filter),
}


def figure_feature_maps():
    """Training image 1 and the three feature maps z^F_k of it at the starting parameters,
    with the window of position (2, 3) framed on the image."""
    from matplotlib.figure import Figure
    from matplotlib.patches import Rectangle

    x, label, params = book_image()
    ZF = cnn_vector.forward(params, np.array([x]))[0][0]
    vmax = float(np.max(np.abs(ZF)))
    fig = Figure(figsize=(7.4, 2.3), layout="constrained")
    axes = fig.subplots(1, 4, width_ratios=[6, 4, 4, 4])
    cnn_dataset.draw_grid(axes[0], [v for row in x for v in row], title="image 1")
    axes[0].add_patch(Rectangle((2 - 0.1, 1 - 0.1), 3.1, 3.1, fill=False, linewidth=2,
                                edgecolor="#e4572e"))
    for k in range(3):
        cnn_dataset.draw_map(axes[k + 1], ZF[k], vmax=vmax, marks=[(1, 2)],
                             title=f"$z^{{\\mathrm{{F}}}}_{{{k + 1}ij}}$")
    return fig


def numbers():
    x, label, params = book_image()
    ZF = cnn_vector.forward(params, np.array([x]))[0][0]
    return {
        "label": label, "ink": int(sum(map(sum, x))),
        "z_1_2_3": float(ZF[0, 1, 2]), "z_2_2_3": float(ZF[1, 1, 2]), "z_3_2_3": float(ZF[2, 1, 2]),
        "b_1": float(params["bF"][0]),
        "blank_positions": int(sum(1 for i in range(4) for j in range(4)
                                   if sum(x[i + p][j + q] for p in range(3) for q in range(3)) == 0)),
        "products_per_map": 16 * 9, "products_per_image": 3 * 16 * 9,
        "filter_weights": 3 * 9, "positions": 16,
    }


if __name__ == "__main__":
    x, label, params = book_image()
    expanded = [cnn_expanded.convolve(params["WF"][k].tolist(), float(params["bF"][k]), x) for k in range(3)]
    unfolded = cnn_vector.convolve_unfolded(params["WF"], params["bF"], np.array([x]))[0]
    for k in range(3):
        print(f"z^F_{k + 1} of image 1:\n{np.round(expanded[k], 3)}")
    print("largest difference between the two ways:", float(np.max(np.abs(unfolded - np.array(expanded)))))
