"""The output layer and the cost: three sigmoid units read the 12 pooled values.

    python snippets/output_layer.py

prints the outputs and the cost of training image 1 at the book's starting parameters, and
C_T over the 96 images.
"""

import numpy as np

import cnn_dataset
import cnn_expanded
import cnn_parameters
import cnn_vector

IMAGE = 0


def random_pooled(rng):
    """Random output weights and biases, and 12 random pooled values between 0 and 1"""
    return {"wO": rng.standard_normal((3, 12)).tolist(), "bO": rng.standard_normal(3).tolist(),
            "aP": rng.uniform(0, 1, size=12).tolist()}


def outputs_expanded(wO, bO, aP):
    """zO_d = wO_d,111 aP_111 + wO_d,112 aP_112 + ... + wO_d,322 aP_322 + bO_d, for d = 1, 2, 3"""
    zO = []
    for d in range(3):
        z = bO[d]
        for m in range(12):
            z += wO[d][m] * aP[m]
        zO.append(z)
    return zO


def outputs_vector(wO, bO, aP):
    """zO = W^O aP + bO"""
    return np.array(wO) @ np.array(aP) + np.array(bO)


def random_outputs(rng):
    """Three random outputs between 0 and 1 and a one-hot target"""
    return {"aO": rng.uniform(0, 1, size=3).tolist(),
            "t": list(cnn_dataset.target(int(rng.integers(1, 4))))}


def cost_expanded(aO, t):
    """C = 1/2 [(t_1 - aO_1)^2 + (t_2 - aO_2)^2 + (t_3 - aO_3)^2]"""
    return cnn_expanded.cost(aO, t)


def cost_vector(aO, t):
    """C = 1/2 |t - aO|^2"""
    return 0.5 * np.linalg.norm(np.array(t) - np.array(aO)) ** 2


def random_training_set(rng):
    """Random parameters and the 96 training images"""
    return {"params": cnn_parameters.random_parameters(rng), "images": cnn_dataset.make_training_set()}


def total_cost_expanded(params, images):
    """C_T = C_1 + C_2 + ... + C_96"""
    return cnn_expanded.total_cost(cnn_vector.to_expanded(params), images)


def total_cost_vector(params, images):
    """C_T = 1/2 |T - A^O|^2, over the matrix of all 96 x 3 outputs"""
    X, T = cnn_dataset.to_arrays(images)
    AO = cnn_vector.forward(params, X)[4]
    return 0.5 * np.linalg.norm(T - AO) ** 2


CHECKS = {
    "outputs": (outputs_expanded, outputs_vector, random_pooled),
    "cost": (cost_expanded, cost_vector, random_outputs),
    "total_cost": (total_cost_expanded, total_cost_vector, random_training_set),
}


def numbers():
    X, T = cnn_dataset.to_arrays(cnn_dataset.load_dataset())
    params = cnn_vector.init_parameters(cnn_parameters.SEED)
    ZF, AF, AP, ZO, AO = cnn_vector.forward(params, X)
    sizes = {name: int(np.prod(shape)) for name, shape in cnn_vector.SHAPES.items()}
    return {
        "aO_1": float(AO[IMAGE, 0]), "aO_2": float(AO[IMAGE, 1]), "aO_3": float(AO[IMAGE, 2]),
        "C_1": float(0.5 * np.sum((T[IMAGE] - AO[IMAGE]) ** 2)),
        "C_T": float(cnn_vector.total_cost(params, X, T)),
        "read_as": int(cnn_vector.predict(params, X[IMAGE:IMAGE + 1])[0]),
        "correct": cnn_vector.correct(params, X, T),
        "filter_weights": sizes["WF"], "filter_biases": sizes["bF"],
        "output_weights": sizes["WO"], "output_biases": sizes["bO"],
        "parameters": cnn_vector.parameter_count(params),
        "images": len(X),
    }


if __name__ == "__main__":
    values = numbers()
    print(f"image 1: aO = ({values['aO_1']:.4f}, {values['aO_2']:.4f}, {values['aO_3']:.4f}), "
          f"C = {values['C_1']:.4f}; C_T = {values['C_T']:.4f} over {values['images']} images; "
          f"{values['parameters']} parameters")
