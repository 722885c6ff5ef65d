"""Gradients from the unit errors: all 47 partial derivatives of C from delta2 and delta3.

    python snippets/gradients.py

computes the 47 partial derivatives of C for training image 1 at the book's starting
parameters, twice: from the unit errors (one forward and one backward pass) and by
central finite differences (94 forward passes), and prints the largest disagreement.
"""

import numpy as np

import dataset
import expanded
import parameters
import vector

IMAGE = 0      # the image the page follows: training image 1 (Python counts from 0)
H = 1e-6       # step of the central differences


# --8<-- [start:one_image]
def gradients_one_image(params, x, t):
    """dC/dw^l_ji = delta^l_j a^(l-1)_i  and  dC/db^l_j = delta^l_j, for one image.

    Named g..., not d...: a d-name is always a derivative of C_T, and this is one image's C.
    """
    z2, a2, z3, a3 = expanded.forward(params, x)          # step 1: forward
    delta2, delta3 = expanded.deltas(params, a2, a3, t)  # steps 2 and 3: the unit errors
    gw2 = [[delta2[j] * x[i] for i in range(12)] for j in range(3)]  # step 4, with a^1_i = x_i
    gw3 = [[delta3[k] * a2[j] for j in range(3)] for k in range(2)]
    gb2, gb3 = delta2, delta3  # dz/db = 1
    return gw2, gb2, gw3, gb3
# --8<-- [end:one_image]


# --8<-- [start:outer]
def gradients_one_image_vector(params, x, t):
    """dC/dW^l = delta^l (a^(l-1))^T  and  dC/db^l = delta^l: outer products"""
    X, T = np.array([x], dtype=float), np.array([t], dtype=float)
    Z2, A2, Z3, A3 = vector.forward(params, X)
    Delta2, Delta3 = vector.deltas(params, A2, A3, T)
    delta2, delta3, a1, a2 = Delta2[0], Delta3[0], X[0], A2[0]
    return {"W2": np.outer(delta2, a1), "b2": delta2, "W3": np.outer(delta3, a2), "b3": delta3}
# --8<-- [end:outer]


def cost_one_image(params, x, t):
    """C = 1/2 |t - a3|^2 for one image, parameters as a dict of arrays"""
    a3 = vector.forward(params, np.array([x], dtype=float))[3][0]
    return 0.5 * float(np.sum((np.asarray(t) - a3) ** 2))


# --8<-- [start:numerical]
def numerical_gradients(cost, params, h=H):
    """Each dC/dp as (C(p + h) - C(p - h)) / 2h: two forward passes per parameter"""
    grads = {}
    for name, p in params.items():
        grads[name] = np.zeros_like(p)
        for index in np.ndindex(p.shape):
            up = {n: q.copy() for n, q in params.items()}
            down = {n: q.copy() for n, q in params.items()}
            up[name][index] += h
            down[name][index] -= h
            grads[name][index] = (cost(up) - cost(down)) / (2 * h)
    return grads
# --8<-- [end:numerical]


def book_image():
    """Training image 1 and its target, and the book's starting parameters"""
    x, label = dataset.load_dataset(parameters.DATA)[IMAGE]
    return x, dataset.target(label), vector.init_parameters(parameters.SEED)


# Formula-pair checks: the expanded side in plain Python, term by term; the vector side numpy.

def random_image(rng):
    """Random parameters, a random 0/1 image and a target"""
    params = {name: rng.standard_normal(shape) for name, shape in vector.SHAPES.items()}
    x = [int(v) for v in rng.integers(0, 2, size=12)]
    return {"params": params, "x": x, "t": dataset.target(int(rng.integers(0, 2)))}


def random_images(rng):
    """Random parameters and a small random training set"""
    params = {name: rng.standard_normal(shape) for name, shape in vector.SHAPES.items()}
    images = [(tuple(int(v) for v in rng.integers(0, 2, size=12)), int(rng.integers(0, 2)))
              for _ in range(int(rng.integers(2, 10)))]
    return {"params": params, "images": images}


def weights_expanded(params, x, t):
    gw2, gb2, gw3, gb3 = gradients_one_image(vector.to_expanded(params), x, t)
    return {"W2": gw2, "W3": gw3}


def weights_vector(params, x, t):
    grads = gradients_one_image_vector(params, x, t)
    return {"W2": grads["W2"], "W3": grads["W3"]}


def biases_expanded(params, x, t):
    # dz^l_j/db^l_j = 1, so the chain rule leaves delta^l_j times one
    gw2, gb2, gw3, gb3 = gradients_one_image(vector.to_expanded(params), x, t)
    return {"b2": [gb2[j] * 1.0 for j in range(3)], "b3": [gb3[k] * 1.0 for k in range(2)]}


def biases_vector(params, x, t):
    grads = gradients_one_image_vector(params, x, t)
    return {"b2": grads["b2"], "b3": grads["b3"]}


def batch_expanded(params, images):
    dw2, db2, dw3, db3 = expanded.gradients(vector.to_expanded(params), images)
    return {"W2": dw2, "b2": db2, "W3": dw3, "b3": db3}


def batch_vector(params, images):
    X, T = dataset.to_arrays(images)
    return vector.gradients(params, X, T)


CHECKS = {
    "weights": (weights_expanded, weights_vector, random_image),
    "biases": (biases_expanded, biases_vector, random_image),
    "batch": (batch_expanded, batch_vector, random_images),
}


def figure_one_image():
    """The 47 partial derivatives of C for training image 1 at the starting parameters:
    the hidden weights on the 4x3 grid (one grid per hidden unit), then b2, and W3 beside b3."""
    from matplotlib.figure import Figure

    import grids

    x, t, params = book_image()
    grads = gradients_one_image_vector(params, x, t)
    # One colour scale per layer: the output layer's derivatives are several times larger.
    hidden = float(np.max(np.abs(np.concatenate([np.ravel(grads["W2"]), grads["b2"]]))))
    output = float(np.max(np.abs(np.concatenate([np.ravel(grads["W3"]), grads["b3"]]))))
    fig = Figure(figsize=(7.4, 2.5), layout="constrained")
    axes = fig.subplots(1, 6, width_ratios=[3, 3, 3, 3, 1, 4])
    grids.draw_image(axes[0], x, title="image 1")
    for j in range(3):
        grids.draw_weights(axes[j + 1], grads["W2"][j], vmax=hidden, values=False,
                           title=f"$\\partial C/\\partial w^2_{{{j + 1}i}}$")
    shown = axes[4].imshow(grads["b2"][:, None], cmap=grids.WEIGHT_COLORS, vmin=-hidden, vmax=hidden)
    axes[4].set_title("$b^2_j$", fontsize=10)
    fig.colorbar(shown, ax=axes[1:5], shrink=0.8, aspect=15)
    # row k: dC/dw3_k1, dC/dw3_k2, dC/dw3_k3, then dC/db3_k
    shown = axes[5].imshow(np.column_stack([grads["W3"], grads["b3"]]), cmap=grids.WEIGHT_COLORS,
                           vmin=-output, vmax=output)
    axes[5].axvline(2.5, color="#8a8f98", linewidth=3)
    axes[5].set_title("$w^3_{kj}$ | $b^3_k$", fontsize=10)
    fig.colorbar(shown, ax=axes[5], shrink=0.8, aspect=15)
    for ax in axes[4:]:
        ax.set_xticks([])
        ax.set_yticks([])
    return fig


def counts(images=64, parameters=47):
    """Passes through the network for the 47 derivatives of C_T, by each method"""
    return {"numerical": 2 * parameters * images, "backprop_forward": images, "backprop_backward": images}


def numbers():
    """The numbers of training image 1 at the starting parameters, for the prose"""
    x, t, params = book_image()
    grads = gradients_one_image_vector(params, x, t)
    numeric = numerical_gradients(lambda p: cost_one_image(p, x, t), params)
    Z2, A2, Z3, A3 = vector.forward(params, np.array([x], dtype=float))
    Delta2, Delta3 = vector.deltas(params, A2, A3, np.array([t], dtype=float))
    W2 = grads["W2"]
    j, i = np.unravel_index(np.argmax(np.abs(W2)), W2.shape)
    X, T = dataset.to_arrays(dataset.load_dataset(parameters.DATA))
    batch = vector.gradients(params, X, T)
    c = counts(len(X), vector.parameter_count(params))
    return {
        "label": dataset.load_dataset(parameters.DATA)[IMAGE][1],
        "ink": int(sum(x)), "paper": 12 - int(sum(x)),
        "zeros_w2": int(np.sum(W2 == 0)),
        "delta3_1": float(Delta3[0, 0]), "delta3_2": float(Delta3[0, 1]),
        "delta2_1": float(Delta2[0, 0]), "delta2_2": float(Delta2[0, 1]), "delta2_3": float(Delta2[0, 2]),
        "a2_1": float(A2[0, 0]), "a2_2": float(A2[0, 1]), "a2_3": float(A2[0, 2]),
        "dw3_11": float(grads["W3"][0, 0]), "dw3_21": float(grads["W3"][1, 0]),
        "largest_j": int(j) + 1, "largest_i": int(i) + 1, "largest": float(W2[j, i]),
        "max_difference": float(np.max(np.abs(parameters.theta_vector(grads) - parameters.theta_vector(numeric)))),
        "h": H,
        "batch_dw3_11": float(batch["W3"][0, 0]),
        "batch_dw2_15": float(batch["W2"][0, 4]), "batch_dw2_18": float(batch["W2"][0, 7]),
        "batch_norm": float(np.linalg.norm(parameters.theta_vector(batch))),
        "numerical_passes": c["numerical"], "backprop_passes": c["backprop_forward"] + c["backprop_backward"],
        "ratio": c["numerical"] / (c["backprop_forward"] + c["backprop_backward"]),
    }


if __name__ == "__main__":
    x, t, params = book_image()
    grads = gradients_one_image_vector(params, x, t)
    numeric = numerical_gradients(lambda p: cost_one_image(p, x, t), params)
    print(f"image {IMAGE + 1}: x = {x}, t = {t}")
    for name in vector.SHAPES:
        print(f"dC/d{name} =\n{np.round(grads[name], 5)}")
    print(f"largest difference from central differences (h = {H}): "
          f"{np.max(np.abs(parameters.theta_vector(grads) - parameters.theta_vector(numeric))):.2e}")
